package warc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// sampleRecords are the records of the sample WARC, each as its bytes.
func sampleRecords(t *testing.T) (plain []byte, recs [][]byte) {
	t.Helper()
	path, _ := writeSample(t, t.TempDir(), "plain.warc", true)
	plain, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	offs := append(recordOffsets(t, path), int64(len(plain)))
	for i := 0; i+1 < len(offs); i++ {
		recs = append(recs, plain[offs[i]:offs[i+1]])
	}
	return plain, recs
}

// skippableFrame is a skippable zstd frame of magic holding data.
func skippableFrame(magic uint32, data []byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, magic)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

// warcZst is a .warc.zst as the IIPC's specification lays one out: a
// dictionary frame first when dict is set (compressed when compressDict),
// then each record its own frames, with its content size and checksum; the
// record split sets is written as two frames, and an extension frame
// follows the first record. It returns the file and where each record
// starts.
func warcZst(t *testing.T, recs [][]byte, dict []byte, compressDict bool, split int) ([]byte, []int64) {
	t.Helper()
	var out []byte
	opts := []zstd.EOption{zstd.WithEncoderCRC(true)}
	if dict != nil {
		data := dict
		if compressDict {
			zw, _ := zstd.NewWriter(nil)
			data = zw.EncodeAll(dict, nil)
			zw.Close()
		}
		out = skippableFrame(0x184D2A5D, data)
		opts = append(opts, zstd.WithEncoderDict(dict))
	}
	zw, err := zstd.NewWriter(nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer zw.Close()
	var offs []int64
	for i, r := range recs {
		offs = append(offs, int64(len(out)))
		if i == split {
			out = zw.EncodeAll(r[:len(r)/2], out)
			out = zw.EncodeAll(r[len(r)/2:], out)
		} else {
			out = zw.EncodeAll(r, out)
		}
		if i == 0 {
			out = append(out, skippableFrame(0x184D2A5E, []byte("an extension frame, ignored"))...)
		}
	}
	return out, offs
}

// Each layout of a .warc.zst reads as the plain WARC of the same records:
// the same captures (the revisit resolved by reading its original again at
// its offset, through the dictionary), each record at the start of its
// first frame. The reference zstd tool, when installed, decodes each file
// to the plain WARC, so the files are what other tools write.
func TestReader_WARCZstd(t *testing.T) {
	plain, recs := sampleRecords(t)
	dict, err := zstd.BuildDict(zstd.BuildDictOptions{ID: 40000, Contents: recs, History: plain[:min(len(plain), 4096)]})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	plainPath := filepath.Join(dir, "plain.warc")
	os.WriteFile(plainPath, plain, 0o644)
	want, err := readAll(t, plainPath)
	if err != nil || len(want) != 6 {
		t.Fatalf("the plain WARC: %d captures, %v", len(want), err)
	}
	whole := func() []byte {
		zw, _ := zstd.NewWriter(nil)
		defer zw.Close()
		return zw.EncodeAll(plain, nil)
	}()
	for _, tc := range []struct {
		name         string
		dict         []byte
		compressDict bool
		split        int
		raw          []byte // the file, when not made by warcZst
	}{
		{name: "frame per record", split: -1},
		{name: "a record in two frames", split: 6},
		{name: "dictionary", dict: dict, split: -1},
		{name: "compressed dictionary", dict: dict, compressDict: true, split: 2},
		{name: "whole file one frame", raw: whole},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, offs := tc.raw, []int64(nil)
			if data == nil {
				data, offs = warcZst(t, recs, tc.dict, tc.compressDict, tc.split)
			}
			p := filepath.Join(dir, "f.warc") // read by its content, whatever its name
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if offs != nil {
				if got := recordOffsets(t, p); !slicesEqual(got, offs) {
					t.Errorf("records at %v, want the frames' starts %v", got, offs)
				}
			}
			got, err := readAll(t, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d captures, want %d", len(got), len(want))
			}
			for i, c := range got {
				if c.URL != want[i].URL || !bytes.Equal(c.Body, want[i].Body) || c.Resolved != want[i].Resolved || c.Status != want[i].Status || c.Method != want[i].Method {
					t.Errorf("capture %d (%s): body %q resolved %v status %d; from the plain file %q %v %d",
						i, c.URL, c.Body, c.Resolved, c.Status, want[i].Body, want[i].Resolved, want[i].Status)
				}
			}
			if zstdTool, err := exec.LookPath("zstd"); err == nil && !tc.compressDict {
				args := []string{"-d", "-c", p}
				if tc.dict != nil {
					dp := filepath.Join(dir, "dict")
					os.WriteFile(dp, tc.dict, 0o644)
					args = append(args, "-D", dp)
				}
				out, err := exec.Command(zstdTool, args...).Output()
				if err != nil || !bytes.Equal(out, plain) {
					t.Errorf("zstd -d: %v; %d bytes, want the plain WARC's %d", err, len(out), len(plain))
				}
			}
		})
	}
}

func slicesEqual(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A .warc.zst cut inside a frame, or damaged, stops where the bad record
// starts, with the captures before it, as a .warc.gz does.
func TestReader_WARCZstdBad(t *testing.T) {
	_, recs := sampleRecords(t)
	data, offs := warcZst(t, recs, nil, false, -1)
	cut := offs[6]
	for _, tc := range []struct {
		name string
		data []byte
		kind error
		want string
	}{
		{"truncated", data[:cut+(offs[7]-cut)/2], ErrTruncated, "zstd frame ends early"},
		{"corrupt", corruptAt(data, cut+(offs[7]-cut)/2), ErrCorrupt, "zstd: "},
		{"cut after its header", data[:cut+20], ErrTruncated, "zstd frame ends early"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "cut.warc.zst")
			os.WriteFile(p, tc.data, 0o644)
			got, err := readAll(t, p)
			var fe *FormatError
			if !errors.As(err, &fe) || !errors.Is(err, tc.kind) || fe.Offset != cut || !bytes.Contains([]byte(err.Error()), []byte(tc.want)) {
				t.Fatalf("error %v, want %v (%q) at byte %d", err, tc.kind, tc.want, cut)
			}
			if len(got) != 3 {
				t.Errorf("%d captures before the bad record, want 3", len(got))
			}
		})
	}
}
