using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Vexfs.Targets.Workbench;

/// <summary>
/// A Rider run configuration (<c>.run/&lt;name&gt;.run.xml</c>) of type ".NET Launch Settings Profile": it names the
/// build project and one profile of its launchSettings.json, so Rider runs and debugs exactly that profile.
/// </summary>
internal static class RiderRunConfiguration
{
    public static string Generate(RunProfile profile, IdeSettings settings)
    {
        var configuration = new XElement(
            "configuration",
            new XAttribute("default", "false"),
            new XAttribute("name", profile.Name),
            new XAttribute("type", "LaunchSettings"),
            new XAttribute("factoryName", ".NET Launch Settings Profile"),
            Option("LAUNCH_PROFILE_PROJECT_FILE_PATH", "$PROJECT_DIR$/" + settings.BuildProject),
            Option("LAUNCH_PROFILE_TFM", Path.GetFileName(Path.GetDirectoryName(settings.BuildAssembly))!),
            Option("LAUNCH_PROFILE_NAME", profile.Name),
            Option("USE_EXTERNAL_CONSOLE", "0"),
            Option("USE_MONO", "0"),
            Option("RUNTIME_ARGUMENTS", ""),
            Option("GENERATE_APPLICATIONHOST_CONFIG", "1"),
            Option("SHOW_IIS_EXPRESS_OUTPUT", "0"),
            Option("SEND_DEBUG_REQUEST", "1"),
            Option("ADDITIONAL_IIS_EXPRESS_ARGUMENTS", ""),
            new XElement("method", new XAttribute("v", "2"), new XElement("option", new XAttribute("name", "Build"))));
        var root = new XElement("component", new XAttribute("name", "ProjectRunConfigurationManager"), configuration);
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings
        {
            OmitXmlDeclaration = true,
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
        }))
        {
            root.WriteTo(writer);
        }

        return text.Append('\n').ToString();
    }

    private static XElement Option(string name, string value) =>
        new("option", new XAttribute("name", name), new XAttribute("value", value));
}
