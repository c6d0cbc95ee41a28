package main

import (
	"strings"
	"unicode"
)

// snakeCase turns a method name into a Python one: GetChain → get_chain,
// PutHTTPRoute → put_http_route.
func snakeCase(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) {
			if i > 0 && (unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1]) ||
				(i+1 < len(r) && unicode.IsLower(r[i+1]) && unicode.IsUpper(r[i-1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(c))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// lowerFirst turns a method name into a Java one: GetChain → getChain,
// HTTPGet → httpGet.
func lowerFirst(s string) string {
	r := []rune(s)
	i := 0
	for i < len(r) && unicode.IsUpper(r[i]) {
		i++
	}
	switch {
	case i == 0:
		return s
	case i == 1 || i == len(r):
		i = max(i, 1)
	default:
		i-- // the last capital starts the next word: HTTPGet → httpGet
	}
	return strings.ToLower(string(r[:i])) + string(r[i:])
}

// camelCase turns a file's base name into a Java class name as protoc
// does: foo_bar.proto → FooBar.
func camelCase(s string) string {
	var b strings.Builder
	up := true
	for _, c := range s {
		switch {
		case c == '_' || c == '-' || c == '.':
			up = true
		case unicode.IsDigit(c):
			b.WriteRune(c)
			up = true
		case up:
			b.WriteRune(unicode.ToUpper(c))
			up = false
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// pyKeywords are the names a Python method cannot take.
var pyKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true, "async": true,
	"await": true, "break": true, "class": true, "continue": true, "def": true, "del": true, "elif": true,
	"else": true, "except": true, "finally": true, "for": true, "from": true, "global": true, "if": true,
	"import": true, "in": true, "is": true, "lambda": true, "nonlocal": true, "not": true, "or": true,
	"pass": true, "raise": true, "return": true, "try": true, "while": true, "with": true, "yield": true,
}

// javaKeywords are the names a Java method cannot take.
var javaKeywords = map[string]bool{
	"abstract": true, "assert": true, "boolean": true, "break": true, "byte": true, "case": true,
	"catch": true, "char": true, "class": true, "const": true, "continue": true, "default": true,
	"do": true, "double": true, "else": true, "enum": true, "extends": true, "final": true,
	"finally": true, "float": true, "for": true, "goto": true, "if": true, "implements": true,
	"import": true, "instanceof": true, "int": true, "interface": true, "long": true, "native": true,
	"new": true, "package": true, "private": true, "protected": true, "public": true, "return": true,
	"short": true, "static": true, "strictfp": true, "super": true, "switch": true, "synchronized": true,
	"this": true, "throw": true, "throws": true, "transient": true, "try": true, "void": true,
	"volatile": true, "while": true, "getClass": true, "hashCode": true, "toString": true, "equals": true,
	"wait": true, "notify": true, "notifyAll": true, "clone": true, "finalize": true,
}
