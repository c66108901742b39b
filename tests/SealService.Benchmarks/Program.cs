using BenchmarkDotNet.Running;

// bench/registry.sh: "registry-load DATA_DIR N" fills a data folder with N certificates instead of running benchmarks.
if (args.Length > 0 && args[0] == "registry-load")
{
    return await SealService.Benchmarks.RegistryLoad.RunAsync(args[1..]);
}

// bench/verify.sh: "verify-batch DIR N [D]" writes a trust list and N seals (QR URLs, D detached pairs) for verify --batch.
if (args.Length > 0 && args[0] == "verify-batch")
{
    return await SealService.Benchmarks.VerifyBatchFiles.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(SealService.Benchmarks.SigningBenchmarks).Assembly).Run(args);
return 0;
