package archive

import "errors"

// Sentinel errors. Callers test them with errors.Is.
var (
	// ErrNotArchive is returned when a file is not a hewar archive.
	ErrNotArchive = errors.New("not a hewar archive")
	// ErrOldSchema is returned by OpenReadOnly for a hewar archive of an
	// older schema that this hewar cannot read as it is (one that lacks
	// only writersOnly migrations is read), which opening it for writing
	// upgrades, and so does a snapshot in its copy.
	ErrOldSchema = errors.New("older than this hewar's")
	// ErrNotFound is returned for an unknown doc_key, URL or version.
	ErrNotFound = errors.New("not found")
	// ErrLocked is returned by AcquireLock while another live process crawls into the archive.
	ErrLocked = errors.New("archive is locked by another crawl")
	// ErrStaleIndex is returned by Search when the full-text index was built
	// with another text normalization than this program's.
	ErrStaleIndex = errors.New("search index out of date")
	// ErrReadOnly is returned when a query would change the archive.
	ErrReadOnly = errors.New("read-only")
)

// UndecodedPrefix opens the error of a capture whose body's
// Content-Encoding did not decode (pipeline.Parse words it): a 2xx page
// stored as received and not parsed. Reparse reads such captures again,
// since a newer hewar may know the coding (br and zstd came in December
// 2026), and clears the error when they make a document.
const UndecodedPrefix = "content encoding "

// RefusedPrefix opens the error of a 2xx capture whose body was not
// downloaded because of its media type (an image a page links): the
// crawler's crawler.ErrContentType words it. Such a capture is an answer,
// counted as fetched, not as failed.
const RefusedPrefix = "content type not allowed: "

// SoftGonePrefix opens the error of a capture the crawler took for a 404
// though its status is none (crawler.Capture.SoftGone): a "not found" page
// served with 200, a removed page redirected to the home page. It is
// stored as received and read as a 404 is: the removal of the document
// its address held (docs/crawl.md#soft-404s).
const SoftGonePrefix = "soft 404: "
