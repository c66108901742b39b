using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(SealService.Benchmarks.SigningBenchmarks).Assembly).Run(args);
