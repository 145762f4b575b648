using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vexfs.Targets;

/// <summary>
/// Writes <c>.nuke/build.schema.json</c> in NUKE's layout (draft-04; definitions ExecutableTarget, Verbosity,
/// NukeBuild; allOf of the build's own parameters and the NukeBuild ones) so NUKE's IDE plugins and editors
/// complete targets and parameter values.
/// </summary>
internal static class SchemaGenerator
{
    public const string FileName = "build.schema.json";

    public static string Generate(BuildModel model)
    {
        var userProperties = new JsonObject();
        foreach (var parameter in model.Parameters)
        {
            userProperties[parameter.Name] = Property(parameter);
        }

        var targetRef = new JsonObject { ["$ref"] = "#/definitions/ExecutableTarget" };
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-04/schema#",
            ["definitions"] = new JsonObject
            {
                ["ExecutableTarget"] = new JsonObject
                {
                    ["type"] = "string",
                    ["enum"] = Array(model.Targets.Select(t => t.Name)),
                },
                ["Verbosity"] = new JsonObject
                {
                    ["type"] = "string",
                    ["description"] = "",
                    ["enum"] = Array(Enum.GetNames<Verbosity>()),
                },
                ["NukeBuild"] = new JsonObject
                {
                    ["properties"] = new JsonObject
                    {
                        ["Continue"] = Simple("boolean", "After a target fails, still run the planned targets that do not depend on it"),
                        ["Help"] = Simple("boolean", "Shows the help text for this build assembly"),
                        ["Plan"] = Simple("boolean", "Shows the execution plan without running it"),
                        ["Profile"] = Items("Parameter profiles to load: .nuke/parameters.NAME.json each", new JsonObject { ["type"] = "string" }),
                        ["Root"] = Simple("string", "Root directory during build execution"),
                        ["Skip"] = Items("List of targets to be skipped. Empty list skips all dependencies", targetRef),
                        ["Target"] = Items("List of targets to be invoked. Default is '{default_target}'", targetRef.DeepClone()),
                        ["Verbosity"] = new JsonObject
                        {
                            ["description"] = "Logging verbosity during build execution. Default is 'Normal'",
                            ["$ref"] = "#/definitions/Verbosity",
                        },
                    },
                },
            },
            ["allOf"] = new JsonArray(
                new JsonObject { ["properties"] = userProperties },
                new JsonObject { ["$ref"] = "#/definitions/NukeBuild" }),
        };
        var text = schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, NewLine = "\n" });
        return text + "\n";
    }

    /// <summary>Rewrites the schema file when it differs; returns whether it changed.</summary>
    public static bool Update(BuildModel model, string rootDirectory)
    {
        var path = Path.Combine(rootDirectory, ".nuke", FileName);
        var text = Generate(model);
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return true;
    }

    private static JsonObject Property(ParameterMember parameter)
    {
        var element = TypeSchema(parameter);
        var property = parameter.IsArray
            ? new JsonObject { ["type"] = "array", ["description"] = parameter.Attribute.Description, ["items"] = element }
            : element;
        if (!parameter.IsArray)
        {
            property["description"] = parameter.Attribute.Description;
        }

        return property;
    }

    private static JsonObject TypeSchema(ParameterMember parameter)
    {
        var type = parameter.ElementType;
        if (type.IsEnum)
        {
            return new JsonObject { ["type"] = "string", ["enum"] = Array(Naming.EnumValues(type)) };
        }

        var schema = type == typeof(int) ? new JsonObject { ["type"] = "integer", ["format"] = "int32" }
            : type == typeof(long) ? new JsonObject { ["type"] = "integer", ["format"] = "int64" }
            : type == typeof(double) ? new JsonObject { ["type"] = "number" }
            : type == typeof(bool) ? new JsonObject { ["type"] = "boolean" }
            : new JsonObject { ["type"] = "string" };
        if (parameter.Attribute.Minimum != long.MinValue)
        {
            schema["minimum"] = parameter.Attribute.Minimum;
        }

        if (parameter.Attribute.Maximum != long.MaxValue)
        {
            schema["maximum"] = parameter.Attribute.Maximum;
        }

        return schema;
    }

    private static JsonObject Simple(string type, string description) =>
        new() { ["type"] = type, ["description"] = description };

    private static JsonObject Items(string description, JsonNode items) =>
        new() { ["type"] = "array", ["description"] = description, ["items"] = items };

    private static JsonArray Array(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)v)];
}
