using System.Text.Json.Nodes;

namespace Vexfs.Targets.Workbench;

/// <summary>
/// <c>Properties/launchSettings.json</c> of the build project. <c>dotnet run --launch-profile X</c> passes the
/// profile's <c>commandLineArgs</c> only when no arguments follow <c>--</c>, so a profile holds the whole line.
/// </summary>
internal static class LaunchSettings
{
    public static string Generate(IEnumerable<RunProfile> profiles)
    {
        var entries = new JsonObject();
        foreach (var profile in profiles)
        {
            entries[profile.Name] = new JsonObject
            {
                ["commandName"] = "Project",
                ["commandLineArgs"] = profile.CommandLine,
            };
        }

        return GeneratedJson.Format(new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/launchsettings.json",
            ["profiles"] = entries,
        });
    }
}
