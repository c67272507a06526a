package parse

import "testing"

// TestInCapitals_ArabicBytes checks the bytes inCapitals skips as Arabic
// letters: only a lead byte D8-DB with its continuation byte, so a broken
// sequence before a Latin capital still counts the capital.
func TestInCapitals_ArabicBytes(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"س: WHAT WAS LOST IN THE FIRE?", true},
		{"\xd8WHAT WAS LOST", true},              // a lead byte alone: the W is a capital
		{"\xd8W\xd9HAT WAS LOST", true},          // the same, twice
		{"\xdbAB\xd8CDEFGH", true},               // eight capitals, two after broken lead bytes
		{"\xdbAB\xd8CDEFG", false},               // seven
		{"ۀWHAT ٹWAS LOST", true},                // U+06C0, U+0679: Arabic-block letters
		{"WHAT ÉTAIT PERDU ŒUVRE", true},         // Latin capitals outside ASCII
		{"what \xd8was lost in the fire", false}, // small letters
	} {
		if got := inCapitals(c.text); got != c.want {
			t.Errorf("inCapitals(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
