using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace SealService.Tests.Support;

/// <summary>
/// Submits real HTML forms the way a browser does: read the page, take every field of the form (the antiforgery
/// token included), override some values, post. So a missing token or a renamed field fails the test.
/// </summary>
public static class HtmlForms
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {html[..Math.Min(html.Length, 500)]}");
        return await Parser.ParseDocumentAsync(html);
    }

    public static Task<IHtmlDocument> ParseAsync(string html) => Parser.ParseDocumentAsync(html);

    /// <summary>Posts the form that matches <paramref name="formSelector"/> on <paramref name="pageUrl"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string pageUrl, IDictionary<string, string> values, string formSelector = "form[method=post]:not(.inline)", string? submitButton = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var document = await client.GetDocumentAsync(pageUrl);
        return await client.SubmitFormAsync(document, pageUrl, values, formSelector, submitButton);
    }

    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, IHtmlDocument document, string pageUrl, IDictionary<string, string> values, string formSelector = "form[method=post]:not(.inline)", string? submitButton = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(values);
        var form = document.QuerySelector<IHtmlFormElement>(formSelector)
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type is not ("submit" or "button" or "file"):
                    if (input.Type is "checkbox" or "radio")
                    {
                        if (input.IsChecked && !values.ContainsKey(input.Name))
                        {
                            fields.Add(new(input.Name, input.Value));
                        }
                    }
                    else if (!values.ContainsKey(input.Name))
                    {
                        fields.Add(new(input.Name, input.Value));
                    }

                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !values.ContainsKey(area.Name):
                    fields.Add(new(area.Name, area.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !values.ContainsKey(select.Name):
                    fields.Add(new(select.Name, select.Value ?? ""));
                    break;
            }
        }

        foreach (var (name, value) in values)
        {
            if (value is not null)
            {
                fields.Add(new(name, value));
            }
        }

        if (submitButton is not null)
        {
            // A button may sit outside its form and belong to it by the form attribute.
            var button = form.QuerySelector<IHtmlButtonElement>(submitButton)
                ?? document.QuerySelectorAll<IHtmlButtonElement>(submitButton).FirstOrDefault(b => !string.IsNullOrEmpty(form.Id) && b.GetAttribute("form") == form.Id)
                ?? throw new InvalidOperationException($"No button '{submitButton}' in the form on {pageUrl}.");
            if (!string.IsNullOrEmpty(button.Name))
            {
                fields.Add(new(button.Name, button.Value));
            }

            var formAction = button.GetAttribute("formaction");
            if (!string.IsNullOrEmpty(formAction))
            {
                return await client.PostAsync(new Uri(formAction, UriKind.RelativeOrAbsolute), new FormUrlEncodedContent(fields));
            }
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : action;
        return await client.PostAsync(new Uri(target, UriKind.RelativeOrAbsolute), new FormUrlEncodedContent(fields));
    }

    public static string? AntiforgeryToken(this IHtmlDocument document) =>
        document.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value;

    public static async Task<HttpClient> SignInAsync(this HttpClient client, string email, string password = SealServiceFactory.Password)
    {
        var response = await client.SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = "false",
        }, "form#account");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in of {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }
}
