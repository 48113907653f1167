package provider

import (
	"context"
	"fmt"

	"github.com/teams-terraform/terraform-provider-teams/internal/graph"
	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// userResolver finds object ids for user principal names, once each.
type userResolver struct {
	client   *graph.Client
	resolved map[string]string // normalized user -> object id
}

func newUserResolver(c *graph.Client) *userResolver {
	return &userResolver{client: c, resolved: map[string]string{}}
}

func (u *userResolver) resolve(ctx context.Context, user string) (string, error) {
	key := rules.NormalizeUser(user)
	if id, ok := u.resolved[key]; ok {
		return id, nil
	}
	if rules.IsGUID(user) {
		return user, nil
	}
	got, err := u.client.GetUser(ctx, user)
	if err != nil {
		if graph.IsNotFound(err) {
			return "", fmt.Errorf("user %q was not found in the directory: %w", user, err)
		}
		return "", err
	}
	u.resolved[key] = got.ID
	return got.ID, nil
}

// homeMemberID is the object id of a member of the caller's own tenant, as state knows it ("" when
// none is known), for look-ups that list a user's chats.
func homeMemberID(s chatData) string {
	for _, m := range s.Members {
		if m.TenantID != "" {
			continue
		}
		if id := memberUserID(m, s.Details, nil); id != "" {
			return id
		}
	}
	return ""
}
