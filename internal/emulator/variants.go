package emulator

import (
	"fmt"
	"strconv"
	"sync"
)

// Variants choose the emulator's answer where Microsoft's pages are silent, so that the provider
// can be tested against each plausible one. The zero value is the default: the answers listed
// first below.
type Variants struct {
	// ExistingMember answers adding someone who is already a member: 409 (default), 400 or 201.
	ExistingMember int
	// DeletedChat answers reading or changing a soft-deleted chat: 404 (default) or 403.
	DeletedChat int
	// Redelete answers deleting a chat that is already deleted: 404 (default), 403 or 204.
	Redelete int
	// SmallGroupAdd answers adding a member to a group chat of two people: 201 (default, the
	// member is added) or 403 RosterAddMemberBlocked (field report:
	// microsoftgraph/microsoft-graph-docs-contrib#1622, a single report).
	SmallGroupAdd int
	// ForeignRemoval answers removing a member of another organisation (member tenantId not the
	// chat's): 400 (default) or 404 "The requested instance was not found" (field report:
	// microsoftgraph/msgraph-sdk-dotnet#1111). The member stays either way.
	ForeignRemoval int
}

// The answers each variant may take, the default first.
var (
	ExistingMemberAnswers = []int{409, 400, 201}
	DeletedChatAnswers    = []int{404, 403}
	RedeleteAnswers       = []int{404, 403, 204}
	SmallGroupAddAnswers  = []int{201, 403}
	ForeignRemovalAnswers = []int{400, 404}
)

type variantSet struct {
	mu sync.Mutex
	v  Variants
}

// SetVariants chooses the answers Microsoft does not document; zero fields keep the defaults.
func (s *Server) SetVariants(v Variants) error {
	for _, c := range []struct {
		name    string
		value   int
		allowed []int
	}{
		{"existing member", v.ExistingMember, ExistingMemberAnswers},
		{"deleted chat", v.DeletedChat, DeletedChatAnswers},
		{"redelete", v.Redelete, RedeleteAnswers},
		{"small group add", v.SmallGroupAdd, SmallGroupAddAnswers},
		{"foreign removal", v.ForeignRemoval, ForeignRemovalAnswers},
	} {
		if c.value != 0 && !contains(c.allowed, c.value) {
			return fmt.Errorf("%s: %d is not one of %v", c.name, c.value, c.allowed)
		}
	}
	s.variants.mu.Lock()
	defer s.variants.mu.Unlock()
	s.variants.v = v
	return nil
}

func (s *Server) variant() Variants {
	s.variants.mu.Lock()
	defer s.variants.mu.Unlock()
	v := s.variants.v
	if v.ExistingMember == 0 {
		v.ExistingMember = ExistingMemberAnswers[0]
	}
	if v.DeletedChat == 0 {
		v.DeletedChat = DeletedChatAnswers[0]
	}
	if v.Redelete == 0 {
		v.Redelete = RedeleteAnswers[0]
	}
	if v.SmallGroupAdd == 0 {
		v.SmallGroupAdd = SmallGroupAddAnswers[0]
	}
	if v.ForeignRemoval == 0 {
		v.ForeignRemoval = ForeignRemovalAnswers[0]
	}
	return v
}

// ParseVariant reads a status code flag value for one of the variants.
func ParseVariant(value string, allowed []int) (int, error) {
	n, err := strconv.Atoi(value)
	if err != nil || !contains(allowed, n) {
		return 0, fmt.Errorf("%q is not one of %v", value, allowed)
	}
	return n, nil
}

func contains(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
