namespace Vexctl.Serve;

/// <summary>
/// The bash side of `vexctl serve`: a file that, sourced, makes `vexctl` a shell function handing its command to the
/// server, so a command costs no process start. It falls back to the binary on PATH when the server is gone, when
/// it answers "fallback" (it could not take the caller's streams), and when called in a forked subshell (a pipeline
/// or `$(...)`): the server runs one command at a time, and two at once could wait on each other through a pipe.
/// The caller holds the reply pipe open before it asks, so the server's reply never waits for a reader; it checks
/// every 5 s that the server still runs, so a server that dies mid-command fails the command instead of hanging it. It names
/// its standard streams by descriptor: 0 and 2 as they are, and for 1 a duplicate, since bash points 1 at the
/// request pipe while printf runs (0 is not duplicated: bash 5.2 crashes on `eval f` when f duplicates 0 while
/// the script is read from standard input).
/// </summary>
internal static class ClientScript
{
    public const string FileName = "vexctl.sh";

    public static string Render(string requests, string replies, int serverPid, string instance)
    {
        var pid = serverPid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $$"""
            # Written by `vexctl serve` (pid {{pid}}, {{instance}}): source it in bash to send vexctl commands to that process.
            vexfs_serve_sh=$BASHPID
            vexctl() {
            	local vexfs_r= vexfs_o= vexfs_c=fallback
            	if [ "$BASHPID" != "$vexfs_serve_sh" ] || [ ! -d /proc/{{pid}} ]; then command vexctl "$@"; return; fi
            	if exec {vexfs_r}<>{{Quote(replies)}} {vexfs_o}>&1; then
            		printf '%s\0' "$BASHPID" "$PWD" 0 "$vexfs_o" 2 "$#" "$@" >{{Quote(requests)}}
            		until IFS= read -r -t 5 -u "$vexfs_r" vexfs_c; do [ -d /proc/{{pid}} ] || { vexfs_c=died; break; }; done
            	fi
            	[ -z "$vexfs_r" ] || exec {vexfs_r}<&-
            	[ -z "$vexfs_o" ] || exec {vexfs_o}>&-
            	case $vexfs_c in
            	[0-9]*) return "$vexfs_c" ;;
            	died) echo "vexctl: the server (pid {{pid}}) ended during the command" >&2; return 1 ;;
            	*) command vexctl "$@" ;;
            	esac
            }

            """;
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
