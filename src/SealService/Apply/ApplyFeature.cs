namespace SealService.Apply;

/// <summary>Wiring of the applicant's journey: organization, applications, evidence, submission, notifications, fees.</summary>
public static class ApplyFeature
{
    public static IServiceCollection AddApplyFeature(this IServiceCollection services)
    {
        services.AddOptions<FeeOptions>().BindConfiguration(FeeOptions.Section);
        services.AddSingleton<FeeSchedule>();
        services.AddScoped<OrganizationMembership>();
        services.AddScoped<ApplicationWorkflow>();
        services.AddScoped<EvidenceStore>();
        services.Configure<RazorPagesOptions>(options =>
            options.Conventions.AddFolderApplicationModelConvention("/Apply", model => model.Filters.Add(new RequireOrganizationFilter())));
        return services;
    }

    public static IEndpointRouteBuilder MapApplyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        EvidenceDownloads.Map(endpoints);
        return endpoints;
    }
}
