using System.CommandLine;
using System.Diagnostics;
using System.Linq.Expressions;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Vexfs.Targets;

/// <summary>
/// The entry point of a build: parse and validate the command line, bind parameters, plan, run, summarise.
/// Exit codes: 0 success, 1 a target failed (or the build class is wrong; a target may ask for another code with
/// <see cref="TargetExitCode"/>), 2 usage error, 130 cancelled.
/// </summary>
public static class BuildRunner
{
    public const int Success = 0;
    public const int TargetFailed = 1;
    public const int UsageError = 2;
    public const int Cancelled = 130;

    public static Task<int> ExecuteAsync<T>(
        string[] args,
        Expression<Func<T, Target>> defaultTarget,
        BuildRunSettings? settings = null,
        CancellationToken cancellation = default)
        where T : TargetBuild, new() =>
        ExecuteAsync(new T(), args, defaultTarget, settings, cancellation);

    /// <summary>Runs a given build instance (tests observe it afterwards).</summary>
    internal static async Task<int> ExecuteAsync<T>(
        T build,
        string[] args,
        Expression<Func<T, Target>> defaultTarget,
        BuildRunSettings? settings = null,
        CancellationToken cancellation = default)
        where T : TargetBuild
    {
        settings ??= new BuildRunSettings();
        var output = settings.Output ?? System.Console.Out;
        var console = settings.Output is null
            ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(settings.Output),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
        try
        {
            build.RootDirectory = EngineArguments.RootDirectory(args) ?? settings.RootDirectory ?? RootDirectoryLocator.Find();
            build.Console = console;
            var model = BuildModel.Create(build);
            var session = new BuildSession(model, settings, console, output);
            return await session.RunAsync(args, DefaultTarget(model, defaultTarget), cancellation);
        }
        catch (UsageException e)
        {
            // Plain writer, not Spectre: an error message must not be wrapped at the terminal width.
            (settings.Output ?? System.Console.Error).WriteLine($"error: {e.Message}");
            return UsageError;
        }
        catch (BuildDefinitionException e)
        {
            (settings.Output ?? System.Console.Error).WriteLine($"error: {e.Message}");
            return TargetFailed;
        }
    }

    private static TargetInfo DefaultTarget<T>(BuildModel model, Expression<Func<T, Target>> expression) =>
        expression.Body is MemberExpression member && model.Find(member.Member.Name) is { } target
            ? target
            : throw new BuildDefinitionException("The default target must be a Target property, as in x => x.HostCheck.");

    /// <summary>One invocation: the steps after the build class is known.</summary>
    private sealed class BuildSession(BuildModel model, BuildRunSettings settings, IAnsiConsole console, TextWriter output)
    {
        public async Task<int> RunAsync(string[] args, TargetInfo defaultTarget, CancellationToken cancellation)
        {
            var root = model.Build.RootDirectory;
            var environment = settings.Environment ?? Environment.GetEnvironmentVariables()
                .Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
            var sources = ParameterSources.Load(root, environment, EngineArguments.Values(args, EngineArguments.Profile));
            var commandLine = new BuildCommandLine(model, sources, defaultTarget);
            var parse = commandLine.Root.Parse(EngineArguments.Canonicalize(args, commandLine.OptionNames));
            if (settings.UpdateSchema && SchemaGenerator.Update(model, root))
            {
                output.WriteLine($"Updated .nuke/{SchemaGenerator.FileName} from the build.");
            }

            if (parse.GetResult(commandLine.Help) is not null)
            {
                return parse.Invoke(new InvocationConfiguration { Output = output, Error = output });
            }

            var errors = parse.Errors.Select(e => e.Message).Distinct().ToList();
            if (errors.Count == 0)
            {
                errors.AddRange(ParameterBinder.Bind(model, sources, p => commandLine.ArgumentsFor(parse, p)));
            }

            if (errors.Count > 0)
            {
                throw new UsageException(string.Join(Environment.NewLine + "error: ", errors)
                    + Environment.NewLine + "Run './build.sh --help' for the targets and parameters.");
            }

            var verbosity = Enum.Parse<Verbosity>(parse.GetValue(commandLine.Verbosity) ?? nameof(Verbosity.Normal), ignoreCase: true);
            using var loggerFactory = CreateLoggerFactory(verbosity);
            model.Build.LoggerFactory = loggerFactory;

            var named = (parse.GetValue(commandLine.Targets) ?? []).Concat(parse.GetValue(commandLine.TargetOption) ?? []);
            var invoked = named.Select(n => model.Find(n)!).Distinct().ToList();
            if (invoked.Count == 0)
            {
                invoked.Add(defaultTarget);
            }

            var plan = ExecutionPlanner.Plan(model, invoked);
            var skipped = Skipped(parse, commandLine, plan, invoked);
            if (parse.GetValue(commandLine.Plan) || PlanFromEnvironment(environment))
            {
                PlanPrinter.Write(output, plan, skipped);
                return BuildRunner.Success;
            }

            RequirementChecker.Check(model, plan.Where(t => !skipped.Contains(t)));
            return await ExecuteAsync(plan, skipped, parse.GetValue(commandLine.Continue), cancellation);
        }

        // NUKE binds --plan from NUKE_PLAN as well: the way to plan a launch profile, whose arguments cannot be extended.
        private static bool PlanFromEnvironment(IReadOnlyDictionary<string, string> environment) =>
            environment.TryGetValue("NUKE_PLAN", out var value) && (value == "1" || bool.TryParse(value, out var on) && on);

        private async Task<int> ExecuteAsync(IReadOnlyList<TargetInfo> plan, IReadOnlySet<TargetInfo> skipped, bool continueAfterFailure, CancellationToken cancellation)
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using var sigint = settings.HandleSignals ? PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop) : null;
            using var sigterm = settings.HandleSignals ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop) : null;
            var clock = Stopwatch.StartNew();
            var executor = new TargetExecutor(model, console, new InputStamps(model.Build.RootDirectory));
            var results = await executor.RunAsync(plan, skipped, continueAfterFailure, cancel.Token);
            SummaryTable.Write(console, results, clock.Elapsed);
            if (model.Build.ClosingLine is { } closing)
            {
                output.WriteLine(closing);
            }
            return cancel.IsCancellationRequested ? BuildRunner.Cancelled
                : results.FirstOrDefault(r => r.Status == TargetStatus.Failed) is { } failed ? failed.ExitCode ?? BuildRunner.TargetFailed
                : BuildRunner.Success;

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                cancel.Cancel();
            }
        }

        private ILoggerFactory CreateLoggerFactory(Verbosity verbosity)
        {
            var level = verbosity switch
            {
                Verbosity.Verbose => LogLevel.Debug,
                Verbosity.Quiet => LogLevel.Warning,
                _ => LogLevel.Information,
            };
            return settings.LoggerFactory?.Invoke(level)
                ?? Microsoft.Extensions.Logging.LoggerFactory.Create(b => b
                    .SetMinimumLevel(level)
                    .AddProvider(new ConsoleLoggerProvider(output, console.Profile.Capabilities.Ansi, level)));
        }

        private static HashSet<TargetInfo> Skipped(
            ParseResult parse, BuildCommandLine commandLine, IReadOnlyList<TargetInfo> plan, List<TargetInfo> invoked)
        {
            if (parse.GetResult(commandLine.Skip) is not { } result)
            {
                return [];
            }

            var names = result.Tokens.Select(t => t.Value).ToList();
            return names.Count == 0
                ? [.. plan.Except(invoked)]
                : [.. plan.Where(t => names.Any(n => Naming.SameName(n, t.Name)))];
        }
    }
}
