using Microsoft.AspNetCore.Razor.TagHelpers;

namespace SealService.Programs;

/// <summary>
/// Writes a catalog text (program name, description, scope, criterion) into its element in the reader's language, or in
/// the fallback <see cref="LocalizedText.LanguageFor"/> picks when the catalog does not have it (Software Made in Germany
/// exists in German and English only: a French reader gets English). A fallback text carries its own lang attribute, so
/// screen readers pronounce it right and the page says honestly which language it is in.
/// <code>&lt;p catalog-text="catalog.ShortDescription"&gt;&lt;/p&gt;</code>
/// </summary>
[HtmlTargetElement(Attributes = AttributeName)]
public sealed class CatalogTextTagHelper : TagHelper
{
    private const string AttributeName = "catalog-text";

    [HtmlAttributeName(AttributeName)]
    public LocalizedText? CatalogText { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (CatalogText is null)
        {
            return;
        }

        var reader = UiText.CurrentLanguage;
        var shown = CatalogText.LanguageFor(reader);
        output.Content.SetContent(CatalogText.In(reader));
        if (!string.Equals(shown, reader, StringComparison.OrdinalIgnoreCase))
        {
            output.Attributes.SetAttribute("lang", shown);
        }
    }
}
