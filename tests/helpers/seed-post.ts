/** The section headings of the first real post (cms/seed/posts/000_902442b1b995594d.txt), in order. */
export const SEED_POST_HEADINGS = [
  'REN RUNDKREDS',
  'FLYTBARE FOLK',
  'IKKE ALLE KUNDER ER GODE KUNDER',
  'ET SPARK I BOLLERNE',
  'SPILD AF TID',
  'KOM SÅ VIDERE',
  'TAK, MEN NEJ TAK',
  'DROP KAMPEN',
];
