using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using SealService.Cli;

namespace SealService.Admin;

/// <summary>create-user: a confirmed account in one role, e.g. the first admin of a new installation.</summary>
public sealed class CreateUserCommand(AdminCommandRunner runner) : IAdminCommand
{
    public Command Build()
    {
        var email = new Option<string>("--email") { Description = "The sign-in address.", Required = true };
        var password = new Option<string>("--password") { Description = "At least 10 characters.", Required = true };
        var role = new Option<string>("--role")
        {
            Description = "The account's role.",
            Required = true,
            HelpName = string.Join("|", Roles.All),
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                var known = Roles.All.FirstOrDefault(r => string.Equals(r, text, StringComparison.OrdinalIgnoreCase));
                if (known is null)
                {
                    result.AddError($"Unknown role '{text}'. Use one of: {string.Join(", ", Roles.All)}.");
                }

                return known ?? text;
            },
        };
        var name = new Option<string?>("--name") { Description = "Display name (default: the e-mail address)." };
        var organization = new Option<Guid?>("--organization")
        {
            Description = "Make the account a member of this organization (its id).",
            HelpName = "ORGANIZATION-ID",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Guid.TryParse(text, out var id))
                {
                    return id;
                }

                result.AddError("--organization takes the organization's id (a GUID).");
                return null;
            },
        };
        var command = new Command("create-user", "Create a confirmed user account.") { email, password, role, name, organization };
        command.SetAction(runner.Action(command.Name, DatabaseUse.CurrentSchema, async context =>
        {
            var address = context.Value(email);
            var roleName = context.Value(role);
            var organizationId = context.Value(organization);
            if (organizationId is { } orgId)
            {
                var db = context.Services.GetRequiredService<AppDbContext>();
                if (!await db.Organizations.AnyAsync(o => o.Id == orgId))
                {
                    await context.Error.WriteLineAsync($"create-user: no organization with id {orgId}.");
                    return 1;
                }
            }

            if (roleName == Roles.Applicant && organizationId is null)
            {
                await context.Out.WriteLineAsync("Note: the applicant has no organization yet and will be asked to create one after signing in.");
            }

            var users = context.Services.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser
            {
                UserName = address,
                Email = address,
                EmailConfirmed = true,
                DisplayName = context.Value(name) ?? address,
                OrganizationId = organizationId,
            };
            var result = await users.CreateAsync(user, context.Value(password));
            if (!result.Succeeded)
            {
                await context.Error.WriteLineAsync($"create-user: {string.Join(" ", result.Errors.Select(e => e.Description))}");
                return 1;
            }

            await users.AddToRoleAsync(user, roleName);
            context.Services.GetRequiredService<AuditTrail>().Record(Actor.System, "user.created", "User", user.Id, after: new { email = address, role = roleName, organizationId });
            await context.Services.GetRequiredService<AppDbContext>().SaveChangesAsync();
            await context.Out.WriteLineAsync($"Created {roleName} {address} ({user.Id}).");
            return 0;
        }));
        return command;
    }
}
