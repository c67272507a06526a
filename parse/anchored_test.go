package parse

import (
	"regexp"
	"regexp/syntax"
	"testing"
)

// TestRegexps_Anchored checks that the regexps whose every alternative opens
// with ^ are written with one ^ before the alternatives. Go's regexp finds
// no anchor in "^a|^b" and tries every position of the text; "^(?:a|b)"
// matches the same and tries only the first.
func TestRegexps_Anchored(t *testing.T) {
	for name, re := range map[string]*regexp.Regexp{
		"aboutNameRe": aboutNameRe, "bylineDateRe": bylineDateRe, "commentControlsRe": commentControlsRe,
		"commentsDisclaimerRe": commentsDisclaimerRe, "dialogueHeadingRe": dialogueHeadingRe, "feedFooterRe": feedFooterRe,
		"leadInRe": leadInRe, "ledeSubjectRe": ledeSubjectRe, "magazineLabelRe": magazineLabelRe,
		"officeLabelRe": officeLabelRe, "presentsWordRe": presentsWordRe, "relativeDateRe": relativeDateRe,
		"reportOpenRe": reportOpenRe, "sectionTitleRe": sectionTitleRe, "siteNameRe": siteNameRe,
		"submittedByRe": submittedByRe, "updatedLabelRe": updatedLabelRe,
	} {
		parsed, err := syntax.Parse(re.String(), syntax.Perl)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		prog, err := syntax.Compile(parsed.Simplify())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if prog.StartCond()&syntax.EmptyBeginText == 0 {
			t.Errorf("%s is not anchored at the start of the text: write ^(?:a|b), not ^a|^b", name)
		}
	}
}
