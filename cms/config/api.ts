export default {
  rest: {
    defaultLimit: 25,
    // The site pages through every collection at this size; it must match the site's page size.
    maxLimit: 100,
    withCount: true,
  },
};
