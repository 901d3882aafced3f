function mediaBaseUrl() {
  return (process.env.CMS_MEDIA_URL || process.env.CMS_URL || "").replace(/\/+$/, "");
}
function mediaUrl(url) {
  if (/^https?:\/\//i.test(url)) return url;
  return `${mediaBaseUrl()}${url.startsWith("/") ? "" : "/"}${url}`;
}

export { mediaUrl as a, mediaBaseUrl as m };
