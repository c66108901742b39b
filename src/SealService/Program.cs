using SealService.Cli;
using SealService.Infrastructure;

if (AdminCommandLine.IsCommand(args))
{
    return await AdminCommandLine.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddSealService().AddSealWeb();

var app = builder.Build();
await app.InitializeSealServiceAsync();
app.UseSealWeb();
await app.RunAsync();
return 0;

/// <summary>Entry point; partial so the integration tests can host the app.</summary>
public partial class Program;
