using System.Text;

namespace Vexfs.Lab.Tests.Support;

/// <summary>Forwards to the test output and keeps a copy, so a test can scan what the lab logged.</summary>
internal sealed class RecordingOutput(ITestOutputHelper inner) : ITestOutputHelper
{
    private readonly StringBuilder _text = new();

    public string Output
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public void Write(string message)
    {
        lock (_text)
        {
            _text.Append(message);
        }

        inner.Write(message);
    }

    public void Write(string format, params object[] args) => Write(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

    public void WriteLine(string message) => Write(message + Environment.NewLine);

    public void WriteLine(string format, params object[] args) => WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
}
