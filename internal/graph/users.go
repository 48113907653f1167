package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/users"

	"github.com/teams-terraform/terraform-provider-teams/internal/rules"
)

// permUsers is the permission named in errors for reading a user.
const permUsers = "User.Read.All (signed in: User.ReadBasic.All)"

// User is a directory user.
type User struct {
	ID                string
	UserPrincipalName string
	DisplayName       string
}

// UserBind is the `user@odata.bind` value for an object id or user principal name.
func UserBind(graphBase, user string) string {
	return strings.TrimRight(graphBase, "/") + "/users(" + odataQuote(user) + ")"
}

// GetUser finds a user by object id or user principal name.
func (c *Client) GetUser(ctx context.Context, idOrUPN string) (User, error) {
	u, err := call(ctx, permUsers, func(ctx context.Context) (models.Userable, error) {
		return c.sdk.Users().ByUserId(idOrUPN).Get(ctx, &users.UserItemRequestBuilderGetRequestConfiguration{
			QueryParameters: &users.UserItemRequestBuilderGetQueryParameters{Select: []string{"id", "userPrincipalName", "displayName"}},
		})
	})
	if err != nil {
		return User{}, err
	}
	return User{ID: str(u.GetId()), UserPrincipalName: str(u.GetUserPrincipalName()), DisplayName: str(u.GetDisplayName())}, nil
}

// UserResolver finds the object ids of users written as user principal names, asking Graph once
// for each name (GET /users/{upn}); an object id is its own answer and costs nothing. A resolver
// lives for one plan or one operation, never longer: a name can move to another account between
// runs. It is not safe for concurrent use.
type UserResolver struct {
	client *Client
	known  map[string]string // rules.NormalizeUser(user) -> object id
}

// NewUserResolver starts the resolver of one plan or operation. known holds object ids already
// known (from state or the plan), by rules.NormalizeUser of the user as written; the resolver adds
// what it learns to it. nil starts empty.
func NewUserResolver(c *Client, known map[string]string) *UserResolver {
	if known == nil {
		known = map[string]string{}
	}
	return &UserResolver{client: c, known: known}
}

// Resolve returns the object id of user (an object id or a user principal name). A name the
// directory does not hold is a NotFoundError that says so.
func (r *UserResolver) Resolve(ctx context.Context, user string) (string, error) {
	key := rules.NormalizeUser(user)
	if id, ok := r.known[key]; ok {
		return id, nil
	}
	if rules.IsGUID(user) {
		return user, nil
	}
	got, err := r.client.GetUser(ctx, user)
	if err != nil {
		if IsNotFound(err) {
			return "", fmt.Errorf("user %q was not found in the directory: %w", user, err)
		}
		return "", err
	}
	r.known[key] = got.ID
	return got.ID, nil
}

// Remember records the object id of user (as written), so that it is never asked for.
func (r *UserResolver) Remember(user, id string) { r.known[rules.NormalizeUser(user)] = id }

// Known is what the resolver knows: rules.NormalizeUser of each user as written -> object id. It
// is the resolver's own map, filled as it resolves.
func (r *UserResolver) Known() map[string]string { return r.known }

type userResolverKey struct{}

// WithUserResolver returns a context whose Client operations resolve users through r, so that an
// operation and its caller ask Graph once for each name (CreateChatWithoutDuplicate and the
// provider's read-back after it). Without one, an operation that resolves users starts its own.
func WithUserResolver(ctx context.Context, r *UserResolver) context.Context {
	return context.WithValue(ctx, userResolverKey{}, r)
}

// withOwnResolver gives ctx a resolver of this client when it has none, for an operation that
// resolves the same users more than once.
func (c *Client) withOwnResolver(ctx context.Context) context.Context {
	if _, ok := ctx.Value(userResolverKey{}).(*UserResolver); ok {
		return ctx
	}
	return WithUserResolver(ctx, NewUserResolver(c, nil))
}

// resolveUser returns the object id of user through the context's resolver, or asks Graph once.
func (c *Client) resolveUser(ctx context.Context, user string) (string, error) {
	r, ok := ctx.Value(userResolverKey{}).(*UserResolver)
	if !ok {
		r = NewUserResolver(c, nil)
	}
	return r.Resolve(ctx, user)
}
