using System.Reflection;

namespace Vexfs.Targets;

/// <summary>One <see cref="ParameterAttribute"/> member of the build class and how it is named on each source.</summary>
internal sealed record ParameterMember(MemberInfo Member, Type Type, ParameterAttribute Attribute)
{
    public string Name => Attribute.Name ?? Member.Name;

    public string OptionName => "--" + Naming.ToKebabCase(Name);

    public bool IsArray => Type.IsArray;

    public Type ElementType => Nullable.GetUnderlyingType(IsArray ? Type.GetElementType()! : Type)
        ?? (IsArray ? Type.GetElementType()! : Type);

    public bool IsBool => !IsArray && ElementType == typeof(bool);

    public object? GetValue(object build) => Member switch
    {
        FieldInfo field => field.GetValue(build),
        PropertyInfo property => property.GetValue(build),
        _ => null,
    };

    public void SetValue(object build, object? value)
    {
        switch (Member)
        {
            case FieldInfo field:
                field.SetValue(build, value);
                break;
            case PropertyInfo property:
                property.SetValue(build, value);
                break;
        }
    }

    /// <summary>Whether the value counts as unset for <c>Requires</c>.</summary>
    public static bool IsUnset(object? value) => value switch
    {
        null => true,
        string text => string.IsNullOrWhiteSpace(text),
        Array array => array.Length == 0,
        _ => false,
    };
}
