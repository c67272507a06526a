package warc

// Zstandard-compressed WARC files (.warc.zst), as the IIPC's "Zstandard
// Compression for WARC Files 1.0" defines them: each record one or more
// zstd frames, an optional dictionary in a skippable frame (magic
// 0x184D2A5D) at the start of the file, and other skippable frames
// ("extension frames") anywhere but first, which a reader ignores.
//
// The frames are walked here, header and block headers, so that the reader
// never reads past a frame's end: the offset of every record is exact, as
// it is between gzip members, and a frame is decoded by klauspost's zstd
// decoder from exactly its own bytes (content checksum checked).

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"
)

const (
	zstdFrameMagic = 0xFD2FB528 // a zstd frame, little-endian on disk: 28 B5 2F FD
	zstdDictFrame  = 0x184D2A5D // the skippable frame that holds the file's dictionary
	zstdDictMagic  = 0xEC30A437 // a zstd dictionary: 37 A4 30 EC
	// zstdMaxWindow bounds the memory a frame may ask for. The WARC zstd
	// specification asks decoders for 8 MiB; zstd --long writes 128 MiB.
	zstdMaxWindow = 128 << 20
	// zstdMaxDict bounds a dictionary (the specification asks for 8 MiB).
	zstdMaxDict = 64 << 20
)

// zstdKind says what the four bytes that open a frame are: a zstd frame,
// the dictionary frame, another skippable frame, or none of these.
func zstdKind(magic []byte) (frame, dict, skippable bool) {
	if len(magic) < 4 {
		return false, false, false
	}
	m := binary.LittleEndian.Uint32(magic)
	return m == zstdFrameMagic, m == zstdDictFrame, m&0xFFFFFFF0 == 0x184D2A50
}

// zstdFrame reads the compressed bytes of one zstd frame from src, and
// not one byte more: it reads the frame header and each block header, and
// ends after the last block (and the checksum, when the frame has one).
type zstdFrame struct {
	src      *bufio.Reader
	pending  []byte // header bytes read, not yet handed on
	left     int64  // bytes of the current block (or checksum) still to hand on
	last     bool   // the current block is the last one
	checksum bool
	done     bool
	cut      bool // src ended inside the frame
}

func (f *zstdFrame) fail(err error) error {
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		f.cut = true
		return io.ErrUnexpectedEOF
	}
	return err
}

func (f *zstdFrame) readFull(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(f.src, b); err != nil {
		return nil, f.fail(err)
	}
	return b, nil
}

// start reads the frame header (RFC 8878 section 3.1.1.1).
func (f *zstdFrame) start() error {
	head, err := f.readFull(5)
	if err != nil {
		return err
	}
	fhd := head[4]
	fcs := [4]int{0, 2, 4, 8}[fhd>>6]
	single := fhd&0x20 != 0
	if fcs == 0 && single {
		fcs = 1
	}
	n := fcs + [4]int{0, 1, 2, 4}[fhd&3]
	if !single {
		n++ // the window descriptor
	}
	rest, err := f.readFull(n)
	if err != nil {
		return err
	}
	f.pending, f.checksum = append(head, rest...), fhd&4 != 0
	return nil
}

func (f *zstdFrame) Read(p []byte) (int, error) {
	for {
		if len(f.pending) > 0 {
			n := copy(p, f.pending)
			f.pending = f.pending[n:]
			return n, nil
		}
		if f.left > 0 {
			n, err := f.src.Read(p[:min(int64(len(p)), f.left)])
			f.left -= int64(n)
			if err != nil && !(err == io.EOF && n > 0) {
				return n, f.fail(err)
			}
			return n, nil
		}
		switch {
		case f.done:
			return 0, io.EOF
		case f.last:
			f.done = true
			if f.checksum {
				f.left = 4
			}
			continue
		}
		bh, err := f.readFull(3)
		if err != nil {
			return 0, err
		}
		h := uint32(bh[0]) | uint32(bh[1])<<8 | uint32(bh[2])<<16
		f.last = h&1 != 0
		size := int64(h >> 3)
		switch (h >> 1) & 3 {
		case 1: // RLE: one byte, repeated
			size = 1
		case 3:
			return 0, errors.New("zstd: reserved block type")
		}
		f.pending, f.left = bh, size
	}
}

// zstdMember hands on the decompressed bytes of a record's frames: the
// frame it started at, and, while the reader is inside a record (more),
// the frames after it, since a record may span several frames. Between
// records it ends with its frame, so that the next record starts at a
// frame of its own, at its exact offset.
type zstdMember struct {
	r     *Reader
	frame *zstdFrame
	more  bool
}

func (m *zstdMember) Read(p []byte) (int, error) {
	for {
		n, err := m.r.zd.Read(p)
		if err != nil && m.frame.cut {
			// Not io.EOF: the record's reader would call it the file's end
			// inside a record, where the cause is a frame cut short.
			return n, errZstdCut
		}
		if err != io.EOF || n > 0 {
			if err == io.EOF {
				err = nil
			}
			return n, err
		}
		if !m.more {
			return 0, io.EOF
		}
		// The record goes on: into the next zstd frame, past extension frames.
		ok, err := m.r.nextFrame()
		if err != nil || !ok {
			if err == nil {
				err = io.EOF
			}
			return 0, err
		}
	}
}

var errZstdCut = errors.New("zstd frame ends early")

// nextFrame starts the decoding of the zstd frame at src, after any
// skippable frames. It reports false at the end of the file or at bytes
// that are no zstd frame.
func (r *Reader) nextFrame() (bool, error) {
	for {
		magic, _ := r.src.Peek(4)
		frame, dict, skippable := zstdKind(magic)
		switch {
		case frame:
			r.frameStart = r.pos()
			r.zm.frame = &zstdFrame{src: r.src}
			if err := r.zm.frame.start(); err != nil {
				return false, err
			}
			if err := r.zd.Reset(r.zm.frame); err != nil {
				return false, err
			}
			return true, nil
		case dict:
			if err := r.readDictFrame(); err != nil {
				return false, err
			}
		case skippable:
			head := make([]byte, 8)
			if _, err := io.ReadFull(r.src, head); err != nil {
				return false, io.ErrUnexpectedEOF
			}
			size := int64(binary.LittleEndian.Uint32(head[4:]))
			if n, _ := r.src.Discard(int(size)); int64(n) < size {
				return false, io.ErrUnexpectedEOF
			}
		default:
			return false, nil
		}
	}
}

// readDictFrame reads the dictionary frame at src and makes the decoder
// use its dictionary, compressed (a zstd frame) or not.
func (r *Reader) readDictFrame() error {
	head := make([]byte, 8)
	if _, err := io.ReadFull(r.src, head); err != nil {
		return io.ErrUnexpectedEOF
	}
	size := binary.LittleEndian.Uint32(head[4:])
	if size > zstdMaxDict {
		return fmt.Errorf("zstd dictionary of %d bytes, limit %d", size, zstdMaxDict)
	}
	// Grown as the bytes arrive: a damaged size does not allocate 64 MiB.
	var data bytes.Buffer
	if _, err := io.CopyN(&data, r.src, int64(size)); err != nil {
		return io.ErrUnexpectedEOF
	}
	return r.useDict(data.Bytes())
}

// useDict makes the reader's decoder decode with the dictionary of a
// dictionary frame's data.
func (r *Reader) useDict(data []byte) error {
	if frame, _, _ := zstdKind(data); frame {
		plain, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(zstdMaxDict))
		if err != nil {
			return err
		}
		data, err = plain.DecodeAll(data, nil)
		plain.Close()
		if err != nil {
			return fmt.Errorf("zstd dictionary: %v", err)
		}
	}
	if len(data) < 8 || binary.LittleEndian.Uint32(data) != zstdDictMagic {
		return errors.New("the zstd dictionary frame holds no zstd dictionary")
	}
	zd, err := newZstdDecoder(zstd.WithDecoderDicts(data))
	if err != nil {
		return fmt.Errorf("zstd dictionary: %v", err)
	}
	if r.zd != nil {
		r.zd.Close()
	}
	r.zd = zd
	return nil
}

func newZstdDecoder(opts ...zstd.DOption) (*zstd.Decoder, error) {
	return zstd.NewReader(nil, append([]zstd.DOption{zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(zstdMaxWindow)}, opts...)...)
}

// startZstd starts a record at a zstd frame (or at the skippable frames
// before one): the member the record is read from.
func (r *Reader) startZstd() (bool, error) {
	if r.zd == nil {
		zd, err := newZstdDecoder()
		if err != nil {
			return false, err
		}
		r.zd = zd
	}
	if r.zm == nil {
		r.zm = &zstdMember{r: r}
	}
	r.zstd = true
	ok, err := r.nextFrame()
	if err != nil || !ok {
		return ok, err
	}
	r.memberStart = r.frameStart
	return true, nil
}

// dictOf reads the dictionary at the start of a .warc.zst file, for a
// reader started at a record's offset (nil when the file has none).
func dictOf(f io.ReaderAt) ([]byte, error) {
	head := make([]byte, 8)
	if _, err := f.ReadAt(head, 0); err != nil {
		return nil, nil // too short for a dictionary frame
	}
	if _, dict, _ := zstdKind(head); !dict {
		return nil, nil
	}
	size := binary.LittleEndian.Uint32(head[4:])
	if size > zstdMaxDict {
		return nil, fmt.Errorf("zstd dictionary of %d bytes, limit %d", size, zstdMaxDict)
	}
	var data bytes.Buffer
	if _, err := io.CopyN(&data, io.NewSectionReader(f, 8, int64(size)), int64(size)); err != nil {
		return nil, fmt.Errorf("zstd dictionary frame: %w", err)
	}
	return data.Bytes(), nil
}

// isZstd reports whether b opens with a zstd frame or a skippable frame.
func isZstd(b []byte) bool {
	frame, _, skippable := zstdKind(b)
	return frame || skippable
}
