package parse

import "testing"

// TestIntervieweeInLede_RoleFirst: an article and a lower-case role between
// the lede's verb and the name; a phrase with a preposition names no one.
func TestIntervieweeInLede_RoleFirst(t *testing.T) {
	for _, c := range []struct{ lede, want string }{
		{"Reposted from Dialogue of Thought, where the magazine interviewed the ecologist Zaid Karim Al-Saadi about the marsh.", "Zaid Karim Al-Saadi"},
		{"Last week I sat down with the poet Kadhim Jabbar Al-Hilli in his bookshop.", "Kadhim Jabbar Al-Hilli"},
		{"We met an oil engineer Ali Hassan Jabir in Rumaila.", "Ali Hassan Jabir"},
		{"We spoke with the head of the Iraqi Institute for Dialogue about its plans.", ""},
		{"The magazine met the press in Baghdad.", ""},
	} {
		if got := intervieweeInLede(c.lede); got != c.want {
			t.Errorf("intervieweeInLede(%q) = %q, want %q", c.lede, got, c.want)
		}
	}
}
