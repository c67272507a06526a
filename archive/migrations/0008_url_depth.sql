-- hewar archive: the link depth each URL was queued at, so that a crawl
-- with --max-depth counts the steps of the URLs an earlier crawl found from
-- the seeds, as that crawl did, instead of starting them again at step 0
-- (which reached a step further every night). Bookkeeping, written when a
-- crawl finishes from its frontier (docs/crawl.md, --max-depth); read only
-- by crawls, which open the archive for writing.
ALTER TABLE url_state ADD COLUMN depth INTEGER; -- link steps from a seed; NULL: no crawl recorded one
