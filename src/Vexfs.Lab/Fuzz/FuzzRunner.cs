using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Vexfs.Lab.Kernel;
using Vexfs.Lab.Machine;
using Vexfs.Lab.Pipeline;

namespace Vexfs.Lab.Fuzz;

/// <summary>
/// The image fuzzer: a guest with the module loaded (restored from the image's saved state, module built on
/// the host), a populated base image made in it, then the cases in batches, each batch one SSH round trip.
/// A lost guest (crash, hang) or one a case made report is replaced by a fresh restore and the run goes on.
/// Every failing case is kept as a reproducer.
/// </summary>
public sealed class FuzzRunner(GuestLauncher launcher, ModuleInstallSettings source, ILoggerFactory loggers)
{
    private readonly ILogger logger = loggers.CreateLogger<FuzzRunner>();

    public async Task<FuzzSummary> RunAsync(KernelSeries series, FuzzOptions options, string runDirectory, Action<FuzzOutcome>? onOutcome, CancellationToken ct)
    {
        var format = OnDiskFormat.Load(source.Directory);
        var writer = new ReproducerWriter(options, FuzzPopulate.Dim, GuestPaths.Vexctl);
        writer.Clear();
        var setup = Stopwatch.StartNew();
        var generation = 0;
        var guest = await StartAsync(series, runDirectory, ++generation, ct);
        try
        {
            var guestDisk = new FileInfo(guest.DiskPath).Length;
            if ((options.BatchSize + 1) * options.ImageBytes > guestDisk)
            {
                throw new LabException($"{options.BatchSize} cases of {options.ImageBytes} bytes and the base image do not fit the guest's {guestDisk >> 20} MiB disk", "give a smaller --fuzz-batch");
            }

            var baseImage = await PopulateAsync(guest, options, ct);
            await writer.WriteBaseAsync(baseImage, ct);
            setup.Stop();
            logger.LogInformation("fuzzing: {Cases} cases from case {First}, seed {Seed}, {Batch} per round trip, {Timeout:F0} s per case; base image ready in {Setup:F1} s",
                options.Cases, options.FirstCase, options.Seed, options.BatchSize, options.CaseTimeout.TotalSeconds, setup.Elapsed.TotalSeconds);
            var generator = new FuzzCaseGenerator(format, [baseImage], options.Seed);
            var batch = new FuzzBatch(options, FuzzPopulate.Dim, loggers.CreateLogger<FuzzBatch>());
            var outcomes = new List<FuzzOutcome>();
            var reproducers = new List<string>();
            var replaced = 0;
            var fuzzing = Stopwatch.StartNew();
            var pending = new Queue<FuzzCase>(Enumerable.Range(options.FirstCase, options.Cases).Select(generator.Make));
            while (pending.Count > 0)
            {
                var cases = pending.Take(options.BatchSize).ToList();
                var result = await batch.RunAsync(guest, cases, ct);
                foreach (var outcome in result.Finished)
                {
                    outcomes.Add(outcome);
                    if (outcome.Failed)
                    {
                        reproducers.Add(await writer.WriteAsync(outcome, ct));
                        logger.LogWarning("case {Case}: {Verdict}: {What}; reproducer {Path}", outcome.Case.Id, outcome.Verdict,
                            outcome.Headline, Path.ChangeExtension(reproducers[^1], ".img"));
                    }

                    onOutcome?.Invoke(outcome);
                }

                var done = result.Finished.Select(o => o.Case.Id).ToHashSet(StringComparer.Ordinal);
                pending = new Queue<FuzzCase>(pending.Where(c => !done.Contains(c.Id)));
                logger.LogInformation("{Done}/{Total} cases, {Failed} failed, {Rate:F1} cases/min", outcomes.Count, options.Cases, outcomes.Count(o => o.Failed),
                    outcomes.Count / Math.Max(fuzzing.Elapsed.TotalMinutes, 1e-9));
                if ((result.GuestLost || result.Tainted) && pending.Count > 0)
                {
                    await guest.Guest.DisposeAsync();
                    replaced++;
                    guest = await StartAsync(series, runDirectory, ++generation, ct);
                }
                else if (result.Finished.Count == 0)
                {
                    throw new LabException("a batch finished none of its cases with the guest still up", $"see the console log in {guest.RunDirectory}");
                }
            }

            fuzzing.Stop();
            return new FuzzSummary(outcomes, replaced, setup.Elapsed, fuzzing.Elapsed, reproducers);
        }
        finally
        {
            await guest.Guest.DisposeAsync();
        }
    }

    /// <summary>A restored guest with the module (host-built once, then only delivered and loaded) in its own run directory.</summary>
    private async Task<FuzzGuest> StartAsync(KernelSeries series, string runDirectory, int generation, CancellationToken ct)
    {
        var dir = Path.Combine(runDirectory, "guest-" + generation.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        var phases = new PhaseRecorder(loggers.CreateLogger<PhaseRecorder>());
        var watch = Stopwatch.StartNew();
        var guest = await launcher.BootAsync(series, dir, phases, null, ct);
        try
        {
            await launcher.InstallModuleAsync(guest, ModuleInstalls.For(source, dir, loggers), phases, ct);
        }
        catch
        {
            await guest.DisposeAsync();
            throw;
        }

        logger.LogInformation("guest {Generation} ready with the module loaded in {Seconds:F1} s ({How})", generation, watch.Elapsed.TotalSeconds, guest.BootDetail);
        return new FuzzGuest(guest, dir, new QemuRunFiles(dir).VexfsDisk);
    }

    private static async Task<BaseImage> PopulateAsync(FuzzGuest guest, FuzzOptions options, CancellationToken ct)
    {
        var result = await guest.Guest.Session.RunAsync(FuzzPopulate.Script(GuestPaths.VexfsDevice, options.ImageBytes, GuestPaths.Vexctl), TimeSpan.FromMinutes(3), ct);
        if (!result.Succeeded)
        {
            throw new LabException($"populating the base image in the guest failed (exit {result.ExitCode}): {result.Stderr.Trim()} {result.Stdout.Trim()}",
                "the module must mount a fresh vexctl mkfs image; try ./build.sh VmIntegration first");
        }

        var bytes = new byte[options.ImageBytes];
        using var disk = File.OpenHandle(guest.DiskPath, FileMode.Open, FileAccess.Read);
        await RandomAccess.ReadAsync(disk, bytes, 0, ct);
        return new BaseImage(FuzzPopulate.BaseName, bytes);
    }
}
