using SealService;
using SealService.Cli;

if (AdminCommandLine.IsCommand(args))
{
    return await AdminCommandLine.RunAsync(args, Console.Out, Console.Error);
}

try
{
    var builder = WebApplication.CreateBuilder(LaunchEnvironment.Options(args));
    builder.AddSealService().AddSealWeb();

    var app = builder.Build();
    app.UseSealWeb();
    await app.InitializeSealServiceAsync();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.IsOperatorError(ex) && StartupFailure.IsOwnProcess)
{
    // A refusal is the operator's to fix: the message says what, a stack trace would only bury it. (Under the test host the
    // exception propagates so tests can assert on it.)
    await Console.Error.WriteLineAsync(StartupFailure.Describe(ex));
    return 1;
}

/// <summary>Entry point; partial so the integration tests can host the app.</summary>
public partial class Program;
