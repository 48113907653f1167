package graph

import "strings"

// odataQuote writes s as an OData string literal: in single quotes, each quote inside doubled
// (OData ABNF, SQUOTE-in-string). Every string the provider puts into a $filter, and the user in a
// `users('…')` key, goes through it.
func odataQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// odataEq is the $filter condition "property eq 'value'".
func odataEq(property, value string) string { return property + " eq " + odataQuote(value) }
