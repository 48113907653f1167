package graph

import "testing"

// TestODataQuote: one quoter for every OData string: quotes doubled, nothing else touched.
func TestODataQuote(t *testing.T) {
	for in, want := range map[string]string{"": "''", "plain": "'plain'", "O'Brien's": "'O''Brien''s'", "''": "''''''", "a&b=c": "'a&b=c'"} {
		if got := odataQuote(in); got != want {
			t.Errorf("odataQuote(%q) = %s, want %s", in, got, want)
		}
	}
	if got := odataEq("teamsApp/id", "it's"); got != "teamsApp/id eq 'it''s'" {
		t.Errorf("odataEq: %s", got)
	}
	if f := (ChatFilter{}).odata(); f != nil {
		t.Errorf("an empty filter: %q", *f)
	}
	if f := (ChatFilter{ChatType: ChatTypeGroup, Topic: "Q'1"}).odata(); f == nil || *f != "chatType eq 'group' and topic eq 'Q''1'" {
		t.Errorf("chat filter: %v", f)
	}
}
