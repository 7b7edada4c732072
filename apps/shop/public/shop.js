// The merchant's own page script: listens to the widget's DOM events (they bubble and compose).
document.addEventListener('lipwa-success', () => {
  for (const link of document.querySelectorAll('.after-payment')) link.hidden = false;
});
