// The search page's only code: Pagefind's ready-made interface (in Danish, from lang="da"),
// started on #soegning. A ?q= in the address searches straight away.
window.addEventListener('DOMContentLoaded', function () {
  var search = new PagefindUI({ element: '#soegning', showSubResults: true, showImages: false, autofocus: true });
  var query = new URLSearchParams(window.location.search).get('q');
  if (query) search.triggerSearch(query);
});
