package parse

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestDecode_Latin1DeclaredOverArabic: an old Arabic page that declares
// ISO-8859-1 while its bytes are windows-1256 reads as Arabic; a French page
// in windows-1252 keeps its accents.
func TestDecode_Latin1DeclaredOverArabic(t *testing.T) {
	arabic := strings.Repeat("<p>أقام المعهد العراقي للحوار ندوة عن تعديل الدستور شارك فيها أساتذة القانون.</p>", 3)
	ar, err := charmap.Windows1256.NewEncoder().String(`<html><head><meta charset="iso-8859-1"></head><body>` + arabic + `</body></html>`)
	if err != nil {
		t.Fatal(err)
	}
	out, name, err := decode([]byte(ar), "text/html; charset=ISO-8859-1")
	if err != nil || name != "windows-1256" || !strings.Contains(string(out), "المعهد العراقي للحوار") {
		t.Errorf("Arabic declared as Latin-1: %s, %v, %.80q", name, err, out)
	}
	french := strings.Repeat("<p>Le séminaire a réuni des étudiants à Bagdad, où l'été est très chaud.</p>", 20)
	fr, err := charmap.Windows1252.NewEncoder().String(`<html><body>` + french + `</body></html>`)
	if err != nil {
		t.Fatal(err)
	}
	out, name, err = decode([]byte(fr), "text/html; charset=ISO-8859-1")
	if err != nil || name != "windows-1252" || !strings.Contains(string(out), "séminaire a réuni des étudiants") {
		t.Errorf("French in Latin-1: %s, %v, %.80q", name, err, out)
	}
}
