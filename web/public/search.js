/* global PagefindUI -- Pagefind's script, loaded before this one */
// The search page's only code: Pagefind's ready-made interface (in Danish, from lang="da"),
// started on #soegning. A large site's index comes in shards (web/build/search-index.ts), listed
// in /pagefind/shards.json; they are searched as one. A ?q= in the address searches straight away.
window.addEventListener('DOMContentLoaded', function () {
  fetch('/pagefind/shards.json')
    .then(function (response) {
      return response.ok ? response.json() : { bundles: [] };
    })
    .catch(function () {
      return { bundles: [] };
    })
    .then(function (shards) {
      var search = new PagefindUI({
        element: '#soegning',
        showSubResults: true,
        showImages: false,
        autofocus: true,
        mergeIndex: shards.bundles.map(function (bundlePath) {
          return { bundlePath: bundlePath };
        }),
      });
      var query = new URLSearchParams(window.location.search).get('q');
      if (query) search.triggerSearch(query);
    });
});
