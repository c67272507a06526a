package parse

import (
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestDecode_UndeclaredISO88596: an old Arabic page in ISO-8859-6 that
// declares no charset reads as Arabic, not as windows-1256 mojibake, and a
// windows-1256 page without a declaration still reads as windows-1256.
func TestDecode_UndeclaredISO88596(t *testing.T) {
	const text = "<html><body><h1>لجنة لكتابة تاريخ الصحافة العراقية</h1><p>بغداد، 5 تشرين الثاني 2008</p></body></html>"
	for _, c := range []struct {
		cm   *charmap.Charmap
		name string
	}{{charmap.ISO8859_6, "iso-8859-6"}, {charmap.Windows1256, "windows-1256"}} {
		t.Run(c.name, func(t *testing.T) {
			b, err := c.cm.NewEncoder().Bytes([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			out, name, err := decode(b, "text/html")
			if err != nil {
				t.Fatal(err)
			}
			if name != c.name || string(out) != text {
				t.Errorf("decoded as %s: %q", name, out)
			}
		})
	}
}
