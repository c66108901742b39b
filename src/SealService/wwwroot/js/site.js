// After a failed post, move focus to the first field with an error: its message is linked with aria-describedby, so a
// screen reader announces it, and a sighted person sees it without scrolling. Works as progressive enhancement only.
document.addEventListener('DOMContentLoaded', function () {
  var invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid) {
    if (invalid.tagName === 'FIELDSET') {
      invalid = invalid.querySelector('input, select, textarea') || invalid;
    }
    invalid.focus();
    if (invalid.scrollIntoView) { invalid.scrollIntoView({ block: 'center' }); }
  }
});
