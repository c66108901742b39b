using Microsoft.Extensions.Localization;

namespace SealService.Infrastructure.Localization;

/// <summary>Lets validation attributes' messages ([Required(ErrorMessage = "...")]) come out of the same translation files as the pages.</summary>
public sealed class UiTextLocalizerFactory(UiText text) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => new UiTextLocalizer(text);

    public IStringLocalizer Create(string baseName, string location) => new UiTextLocalizer(text);
}

public sealed class UiTextLocalizer(UiText text) : IStringLocalizer
{
    public LocalizedString this[string name] => new(name, text[name], resourceNotFound: !text.Has(name, UiText.CurrentLanguage));

    public LocalizedString this[string name, params object[] arguments] => new(name, text.Format(name, arguments), resourceNotFound: !text.Has(name, UiText.CurrentLanguage));

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
}
