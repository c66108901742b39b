using Microsoft.AspNetCore.Razor.TagHelpers;

namespace SealService.Infrastructure;

/// <summary>
/// Every <c>div.table-wrap</c> scrolls sideways on a phone; keyboard users must be able to focus it to scroll
/// (WCAG 2.1.1, axe "scrollable-region-focusable"). One tag helper instead of an attribute on every table.
/// </summary>
[HtmlTargetElement("div", Attributes = "class")]
public sealed class ScrollRegionTagHelper : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var classes = output.Attributes["class"]?.Value?.ToString() ?? "";
        if (classes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("table-wrap", StringComparer.Ordinal) && !output.Attributes.ContainsName("tabindex"))
        {
            output.Attributes.SetAttribute("tabindex", "0");
        }
    }
}
