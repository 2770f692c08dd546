/**
 * What page chrome looks like once a page is flattened to text: interface strings, prompts and
 * teasers, photo captions and credits. Kept apart from the cleaning logic so the lists can grow
 * without touching it; outlet-specific lines belong in config/outlets.yaml (`boilerplate:`), and
 * site-specific ones in `input.boilerplate`.
 */

/** Whole lines (compared lower-cased, without surrounding punctuation) that are interface text. */
export const UI_LINES = new Set([
  'subscribe', 'subscribe now', 'most popular', 'most read', 'most viewed', 'comments', 'comment', 'show comments',
  'view comments', 'hide comments', 'leave a comment', 'newsfeed', 'news feed', 'chats', 'loader', 'loading',
  'log in or register', 'login or register', 'log in', 'login', 'sign in', 'sign up', 'register',
  'to participate in the discussion', 'go deeper', 'share', 'share this', 'share this article', 'share this story',
  'share on facebook', 'share on twitter', 'share on whatsapp', 'tweet', 'email', 'print', 'copy link', 'copy url',
  'advertisement', 'advertising', 'sponsored', 'sponsored content', 'read more', 'read next', 'read this next',
  'related', 'related articles', 'related stories', 'related content', 'related topics', 'recommended',
  'recommended for you', 'you may also like', 'you might also like', 'more stories', 'more from', 'trending',
  'trending now', 'follow us', 'skip to content', 'skip to main content', 'menu', 'search', 'close', 'back to top',
  'top stories', 'latest news', 'listen', 'listen to this article', 'open in app', 'newsletter',
  'sign up for our newsletter', 'cookie settings', 'accept cookies', 'accept all', 'manage preferences',
  'watch live', 'next article', 'previous article', 'continue reading', 'load more', 'see more', 'show more',
  'view gallery', 'enlarge this image', 'toggle caption', 'hide caption', 'image', 'photo', 'video',
]);

/** Short lines (at most 15 words) matching one of these are prompts or interface text. */
export const UI_PATTERNS: RegExp[] = [
  /^(please )?(log ?in|sign ?in|subscribe|sign up)\b.{0,100}\b(to|for|or)\b/i,
  /^(register|join)\b.{0,40}\bto (comment|read|continue|participate)\b/i,
  /^(you (must|need to) )?(be logged in|log ?in|sign ?in|subscribe) to (comment|read|continue|view|participate)/i,
  /^to (participate|join) in the discussion/i,
  /\b(story|article) continues? (below|after)\b/i,
  /^(advertisement|sponsored)\b.{0,40}$/i,
  /\ball rights reserved\b/i,
  /^copyright\b/i,
  /^(share|tweet|email|print|save)( (this|on|via|to)\b.*)?$/i,
  /\bcookies?\b.*\b(accept|consent|settings|policy|preferences)\b/i,
  /^(photos?|videos?|images?|gallery)\s*\d*\s*(of\s*\d+)?$/i,
  /^\d+\s+(comments?|shares?|views?)$/i,
  /^(click|tap) here\b/i,
  /^(follow|like) us on\b/i,
  /^(download|get) (the|our) app\b/i,
  /^this article is more than \d+ \w+ old$/i,
];

/** A teaser for another story: a label followed by its headline, on one line. */
export const TEASER_PREFIX = /^(read more|read also|also read|see also|related|recommended|more on this( story)?|must read|don'?t miss|watch|listen)\s*[:|»>–—-]\s*\S/i;

/** Photo captions and credits: not the story, and their dates are not the story's date. */
export const CAPTION_PATTERNS: RegExp[] = [
  /^©/,
  /^\(c\)\s/i,
  /^(photo|image|picture|file photo|pictured|photograph|illustration)\s*[:|]/i,
  /\b(photo|image|picture|photograph|credit|illustration)s?\s*:\s*\S.{0,120}$/i,
  // "(Saul Loeb/Pool/AFP)", "(AP Photo/Evan Vucci)": a credit in parentheses at the end.
  /\((?:[A-Z][^()/]{0,50}\/\s*)+[A-Z][^()/]{0,50}\)\s*$/,
  /(Getty Images|Shutterstock|AP Photo|EPA-EFE|Pool Photo|via Reuters|\bREUTERS\/)[^.]{0,60}\)?\s*$/,
  // Wire-photo captions: "FILE - In this May 3, 2018, file photo, ...", "This undated photo provided by ...".
  /^FILE\s*[-–—_:]\s/,
  /^(in )?this ([\w.,'’-]+ ){0,8}(file )?(photos?|image|picture|photograph)\b/i,
  /\bfile photo\b/i,
  // Broadcaster players: "Image copyright Getty Images Image caption ...", "Media playback is unsupported ...".
  /^image copyright\b/i,
  /\b(image|media) caption\b/i,
  /^media playback is (unsupported|not supported)\b/i,
];

/** Only digits and separators: counters and pagination left behind by widgets. */
export const NUMBER_ONLY = /^[\d\s.,:%+/-]+$/;
