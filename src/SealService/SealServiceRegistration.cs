using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using SealService.Data.Postgres;
using SealService.Infrastructure.Telemetry;

namespace SealService;

public static class SealServiceRegistration
{
    /// <summary>Everything the web app and the admin command line share: options, data, identity, programs, domain services.</summary>
    public static WebApplicationBuilder AddSealService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section);
        services.AddOptions<SealOptions>().BindConfiguration(SealOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DevelopmentAddOnOptions>().BindConfiguration(DevelopmentAddOnOptions.Section);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DataPaths>();
        services.AddSingleton<PublicUrls>();

        services.AddSingleton(sp => new SealProgramCatalog(CatalogLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "Programs"))));
        services.AddSingleton(sp => new UiText(Path.Combine(AppContext.BaseDirectory, "Resources", "Strings")));

        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (string.Equals(storage.Provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = storage.ConnectionString
                ?? throw new InvalidOperationException("Storage:ConnectionString is required when Storage:Provider is Postgres.");
            services.AddDbContext<AppDbContext, PostgresAppDbContext>(options =>
                options.UseNpgsql(connectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)));
        }
        else if (string.Equals(storage.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            services.AddDbContext<AppDbContext>((sp, options) =>
                options.UseSqlite($"Data Source={sp.GetRequiredService<DataPaths>().SqliteDatabase};Cache=Shared;Foreign Keys=True",
                    // An application loads with five child collections; one query per collection avoids a row explosion.
                    o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
                    .UseModel(Data.CompiledModels.Sqlite.AppDbContextModel.Instance));
        }
        else
        {
            throw new InvalidOperationException($"Storage:Provider '{storage.Provider}' is not supported; use Sqlite or Postgres.");
        }

        services.AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddDefaultUI()
            .AddClaimsPrincipalFactory<SealClaimsPrincipalFactory>()
            .AddUserValidator<Infrastructure.Validation.DisplayNameValidator>();
        services.AddScoped<ISecurityStampValidator, SessionValidator>();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = SessionValidator.ApplicantInterval);
        services.AddDataProtection().SetApplicationName("SealService");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceScopeFactory>((options, scopes) =>
            options.XmlRepository = new DatabaseXmlRepository(scopes));
        services.AddScoped<AuditTrail>();
        services.AddScoped<ApplicationStore>();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section);
        services.AddSingleton(AuditKeyLocation.Load);
        services.AddScoped<DatabaseInitializer>();
        services.AddClusterJobs();
        services.AddSingleton<IAuthorizationHandler, StaffTwoFactorHandler>();
        services.AddAuthorization(options => options.AddSealPolicies());
        services.AddSealFeatures();
        builder.AddSealTelemetry();
        // Last: the demo add-on builds on the services above (and wraps the clock registered first).
        builder.AddDevelopmentAddOn();
        return builder;
    }

    /// <summary>The web front: pages, localization, security, health and request logging.</summary>
    public static WebApplicationBuilder AddSealWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // Let German umlauts, French accents and Kinyarwanda text through unescaped; HTML-significant characters stay encoded.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(options =>
        {
            // Feature slices: each feature folder (Apply/, Audit/, ...) holds its own pages, so pages are found from the project root.
            options.RootDirectory = "/";
            options.Conventions.AuthorizeFolder("/Apply", Policies.Applicant);
            options.Conventions.AuthorizeFolder("/Audit", Policies.Staff);
            options.Conventions.AuthorizeFolder("/Certify", Policies.Certifier);
            options.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
            // The start page answered /Index before the pages moved into feature folders; keep that address.
            options.Conventions.AddPageRoute("/Home/Index", "Index");
        }).AddMvcOptions(o => o.Filters.Add(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute()))
            .AddMvcOptions(o => o.Filters.Add(new UnmatchedHandlerFilter()))
            .AddMvcOptions(o => o.Filters.Add<RefusalPageFilter>())
            .AddMvcOptions(o => o.Filters.Add<SignInThrottleFilter>())
            .AddMvcOptions(ValidationMessages.Apply)
            .AddDataAnnotationsLocalization();
        services.AddSingleton<Microsoft.Extensions.Localization.IStringLocalizerFactory, UiTextLocalizerFactory>();
        services.AddOptions<SignInProtectionOptions>().BindConfiguration(SignInProtectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Identity/Account/Login";
            options.AccessDeniedPath = "/AccessDenied";
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = UiText.SupportedLanguages.Select(l => new CultureInfo(l)).ToList();
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        services.AddHttpLogging(options =>
        {
            options.LoggingFields = Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestMethod
                | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestPath
                | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.ResponseStatusCode
                | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.Duration;
            options.CombineLogs = true;
        });
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    public static WebApplication UseSealWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }

        app.UseHttpLogging();
        app.UseSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/Status/{0}");
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseUploadLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseHttpCachingRules();
        app.MapSealHealth();
        app.MapRazorPages();
        app.MapSealEndpoints();
        return app;
    }

    /// <summary>
    /// Before the first request: refuse a configuration this environment must not run with (before touching the database),
    /// log one line saying what runs, then bring the database up (Production: check only; elsewhere: migrate when behind)
    /// and, on an empty development database, create the demo data (when the host loaded the demo add-on, see
    /// <see cref="DevelopmentAddOns"/>). Call after UseSealWeb: the pages' endpoints are built meanwhile.
    /// </summary>
    public static async Task InitializeSealServiceAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // ValidateOnStart would only run once the server starts, after migrations; the operator gets every refusal first.
        var problems = new List<string>();
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException invalid)
        {
            // Listed with the start-up checks' problems below, so one message names everything to fix.
            problems.AddRange(invalid.Failures);
        }
        catch (AggregateException invalid) when (invalid.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // Several option sections failed at once (e.g. mail and the certification body's contact in Production).
            problems.AddRange(invalid.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures));
        }

        var environment = app.Environment;
        var demo = app.Services.GetRequiredService<IOptions<DevelopmentAddOnOptions>>().Value;
        var checks = app.Services.GetServices<IStartupCheck>().ToList();
        problems.AddRange(checks.SelectMany(c => c.Problems()));
        if (demo.SeedOnFirstStart && !environment.IsDevelopment())
        {
            problems.Insert(0, $"Demo:SeedOnFirstStart is true, but demo data (accounts with a published password) is only for Development; remove the setting (environment variable Demo__SeedOnFirstStart)");
        }

        if (problems.Count > 0)
        {
            throw new StartupRefusedException($"SealService refuses to start in {environment.EnvironmentName}: {string.Join("; ", problems)}.");
        }

        // The pages' endpoints (reflection over every page model, a fifth of a second) are built on the other core meanwhile,
        // instead of when the server starts. Needs UseSealWeb first; touches no database.
        var endpoints = Task.Run(() => BuildEndpoints(app));

        app.Logger.LogInformation("SealService starting: environment {Environment}; {Facts}; demo seeding {DemoSeeding}",
            environment.EnvironmentName, string.Join("; ", checks.Select(c => c.Summary)), demo.SeedOnFirstStart ? "on" : "off");

        using var scope = app.Services.CreateScope();
        var database = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        if (environment.IsProduction())
        {
            await database.EnsureSchemaCurrentAsync();
            await database.EnsureReferenceDataAsync();
        }
        else
        {
            await database.MigrateIfPendingAsync();
        }

        // The audit key is needed for the first audit entry: load (or, for development keys, create) it now, not on a
        // later request. Production reports a missing key at start together with the other key problems (KeysStartupCheck).
        if (!environment.IsProduction())
        {
            scope.ServiceProvider.GetRequiredService<AuditChainKey>();
        }

        if (demo.SeedOnFirstStart)
        {
            await SeedOnFirstStartAsync(app, scope.ServiceProvider);
        }

        await endpoints;
    }

    private static void BuildEndpoints(IEndpointRouteBuilder app)
    {
        foreach (var source in app.DataSources)
        {
            _ = source.Endpoints;
        }
    }

    private static async Task SeedOnFirstStartAsync(WebApplication app, IServiceProvider services)
    {
        if (services.GetService<ISampleData>() is not { } sampleData)
        {
            var problem = services.GetRequiredService<DevelopmentAddOnStatus>().WhyNoSampleData;
            app.Logger.LogWarning("Demo:SeedOnFirstStart is on, but there is no demo data to create: {Problem}.", problem);
            return;
        }

        var db = services.GetRequiredService<AppDbContext>();
        if (await db.Users.AnyAsync() || await db.Organizations.AnyAsync())
        {
            return;
        }

        var result = await sampleData.CreateAsync();
        if (result.Created)
        {
            app.Logger.LogWarning("Demo data created on first start. Demo logins (password {Password}): {Logins}", result.Password, string.Join(", ", result.Logins));
        }
    }
}
