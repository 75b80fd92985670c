/* The credit and default caption next to a chosen photo (media.admin.widgets.CreditedImageChooser).
   Wagtail's chooser fires a bubbling "change" on its hidden input whenever its photo changes,
   and keeps the chosen photo's data on its element (`.widget.state`): the chooser's data
   carries the credit (media.admin.chooser), so nothing is fetched here. */
(function () {
  'use strict';

  if (window.newsroomPhotoCredit) {
    return;
  }
  window.newsroomPhotoCredit = true;

  function show(chooser, state) {
    var credit = chooser.querySelector('[data-newsroom-credit]');
    var caption = chooser.querySelector('[data-newsroom-caption]');
    if (!credit || !state || !('credit' in state)) {
      return;
    }
    credit.textContent = state.credit || credit.dataset.newsroomNoCredit;
    credit.classList.toggle('newsroom-credit--missing', !state.credit);
    if (caption) {
      caption.textContent = state.default_caption || '';
      caption.parentElement.hidden = !state.default_caption;
    }
  }

  document.addEventListener('change', function (event) {
    var input = event.target;
    if (!input.id) {
      return;
    }
    var chooser = document.getElementById(input.id + '-chooser');
    if (chooser && chooser.hasAttribute('data-newsroom-photo-chooser') && chooser.widget) {
      show(chooser, chooser.widget.getState());
    }
  });
})();
