using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Vexfs.Targets;

/// <summary>System.CommandLine's help, followed by the targets with their descriptions and dependencies.</summary>
internal sealed class TargetHelpAction(HelpAction inner, BuildModel model, TargetInfo defaultTarget) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        inner.Invoke(parseResult);
        HelpText.WriteTargets(parseResult.InvocationConfiguration.Output, model, defaultTarget);
        return 0;
    }
}
