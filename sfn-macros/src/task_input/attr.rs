//! The `#[serde(...)]` attributes that change how serde reads a type, read as serde_derive
//! reads them (`internals/attr.rs`). Attributes serde rejects are skipped: serde's derive
//! reports them.

use proc_macro2::{Delimiter, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{Attribute, LitStr, Token, Type};

use super::case::Rule;

/// The container attributes that change how serde reads a type.
#[derive(Default)]
pub(super) struct ContainerAttrs {
    /// `rename_all` (for deserialization): fields of a struct, variants of an enum.
    pub(super) rename_all: Option<Rule>,
    /// `rename_all_fields`: the fields of an enum's struct variants.
    pub(super) rename_all_fields: Option<Rule>,
    pub(super) transparent: bool,
    /// `default` or `default = "..."`: every field may be missing.
    pub(super) default: bool,
    pub(super) tag: Option<String>,
    pub(super) content: Option<String>,
    pub(super) untagged: bool,
    /// `from = "..."` or `try_from = "..."`: the type read instead.
    pub(super) from: Option<Type>,
    /// `field_identifier` or `variant_identifier`.
    pub(super) identifier: bool,
    pub(super) deny_unknown_fields: bool,
}

impl ContainerAttrs {
    pub(super) fn parse(attrs: &[Attribute]) -> ContainerAttrs {
        let mut c = ContainerAttrs::default();
        let mut try_from = None;
        serde_items(attrs, |meta| {
            let key = &meta.path;
            if key.is_ident("rename_all") {
                let rule = de_values(meta)?
                    .first()
                    .and_then(|l| Rule::from_name(&l.value()));
                c.rename_all = c.rename_all.or(rule);
            } else if key.is_ident("rename_all_fields") {
                let rule = de_values(meta)?
                    .first()
                    .and_then(|l| Rule::from_name(&l.value()));
                c.rename_all_fields = c.rename_all_fields.or(rule);
            } else if key.is_ident("transparent") {
                c.transparent = true;
            } else if key.is_ident("default") {
                c.default |= is_flag_or_string(meta)?;
            } else if key.is_ident("tag") {
                c.tag = c.tag.take().or(string(meta)?.map(|l| l.value()));
            } else if key.is_ident("content") {
                c.content = c.content.take().or(string(meta)?.map(|l| l.value()));
            } else if key.is_ident("untagged") {
                c.untagged = true;
            } else if key.is_ident("from") {
                c.from = c.from.take().or(string(meta)?.and_then(|l| l.parse().ok()));
            } else if key.is_ident("try_from") {
                try_from = try_from
                    .take()
                    .or(string(meta)?.and_then(|l| l.parse().ok()));
            } else if key.is_ident("field_identifier") || key.is_ident("variant_identifier") {
                c.identifier = true;
            } else if key.is_ident("deny_unknown_fields") {
                c.deny_unknown_fields = true;
            }
            Ok(())
        });
        c.from = c.from.or(try_from);
        c
    }
}

/// The attributes of a field or a variant that change how serde reads it (serde rejects the
/// ones that do not belong, so one set serves both).
#[derive(Default)]
pub(super) struct ItemAttrs {
    /// The `deserialize` names of `rename`, in order: the first is the name, the others are
    /// aliases.
    pub(super) renames: Vec<String>,
    /// `alias = "..."`.
    pub(super) aliases: Vec<String>,
    /// `default` or `default = "..."`.
    pub(super) default: bool,
    /// `skip` or `skip_deserializing`.
    pub(super) skip_deserializing: bool,
    /// `skip_serializing`. (`skip_serializing_if` decides per value, when writing: a typed
    /// payload writes the field, which reads back the same.)
    pub(super) skip_serializing: bool,
    pub(super) flatten: bool,
    /// `with` or `deserialize_with`: read by a function, in a form that is not known.
    pub(super) with: bool,
    /// `#[task_input(any)]`: of any shape (an `Option` of it may still be absent).
    pub(super) any: bool,
    /// A variant's `rename_all`, for its fields.
    pub(super) rename_all: Option<Rule>,
    /// A variant's `untagged`.
    pub(super) untagged: bool,
}

impl ItemAttrs {
    pub(super) fn parse(attrs: &[Attribute]) -> ItemAttrs {
        let mut a = ItemAttrs::default();
        serde_items(attrs, |meta| {
            let key = &meta.path;
            if key.is_ident("rename") {
                a.renames.extend(de_values(meta)?.iter().map(LitStr::value));
            } else if key.is_ident("alias") {
                a.aliases.extend(string(meta)?.map(|l| l.value()));
            } else if key.is_ident("default") {
                a.default |= is_flag_or_string(meta)?;
            } else if key.is_ident("skip") || key.is_ident("skip_deserializing") {
                a.skip_deserializing = true;
            } else if key.is_ident("skip_serializing") {
                a.skip_serializing = true;
            } else if key.is_ident("skip_serializing_if") {
                string(meta)?;
            } else if key.is_ident("flatten") {
                a.flatten = true;
            } else if key.is_ident("with") || key.is_ident("deserialize_with") {
                a.with |= string(meta)?.is_some();
            } else if key.is_ident("rename_all") {
                let rule = de_values(meta)?
                    .first()
                    .and_then(|l| Rule::from_name(&l.value()));
                a.rename_all = a.rename_all.or(rule);
            } else if key.is_ident("untagged") {
                a.untagged = true;
            }
            Ok(())
        });
        // `#[task_input(any)]` (checked by `own_attributes`): any value, like `with`.
        a.any = attrs.iter().any(|attr| attr.path().is_ident("task_input"));
        a
    }

    /// The JSON name (the first `rename`, else `rule` applied to the Rust name) and the other
    /// names serde accepts, in the order written.
    pub(super) fn names(&self, rust: &str, rule: impl Fn(&str) -> String) -> (String, Vec<String>) {
        let name = match self.renames.first() {
            Some(renamed) => renamed.clone(),
            None => rule(rust),
        };
        let mut aliases: Vec<String> = Vec::new();
        for alias in self.renames.iter().chain(&self.aliases) {
            if *alias != name && !aliases.contains(alias) {
                aliases.push(alias.clone());
            }
        }
        (name, aliases)
    }
}

/// Calls `each` with every item of the `#[serde(...)]` attributes. What `each` leaves of an
/// item's value is skipped; a syntax error, serde's to report, ends only its attribute.
fn serde_items(attrs: &[Attribute], mut each: impl FnMut(&ParseNestedMeta) -> syn::Result<()>) {
    for attr in attrs {
        if !attr.path().is_ident("serde") || !matches!(attr.meta, syn::Meta::List(_)) {
            continue;
        }
        let _ = attr.parse_nested_meta(|meta| {
            each(&meta)?;
            skip_value(meta.input)
        });
    }
}

/// Skips the rest of an item, up to the next `,`.
fn skip_value(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// The string literal of `key = "..."`; `None` when there is no `=` or the value is not a
/// string literal (serde reports it).
fn string(meta: &ParseNestedMeta) -> syn::Result<Option<LitStr>> {
    if !meta.input.peek(Token![=]) {
        return Ok(None);
    }
    meta.input.parse::<Token![=]>()?;
    let mut value = Vec::new();
    while !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        value.push(meta.input.parse::<TokenTree>()?);
    }
    Ok(lit_str(value))
}

/// The string literal that the tokens are, also inside the invisible groups of
/// `macro_rules!` expansions.
fn lit_str(tokens: Vec<TokenTree>) -> Option<LitStr> {
    let [token] = <[TokenTree; 1]>::try_from(tokens).ok()?;
    match token {
        TokenTree::Literal(l) => syn::parse2(TokenTree::Literal(l).into()).ok(),
        TokenTree::Group(g) if g.delimiter() == Delimiter::None => {
            lit_str(g.stream().into_iter().collect())
        }
        _ => None,
    }
}

/// Whether a `key` or `key = "..."` item is set (`key = 5` is not: serde rejects it).
fn is_flag_or_string(meta: &ParseNestedMeta) -> syn::Result<bool> {
    if meta.input.peek(Token![=]) {
        Ok(string(meta)?.is_some())
    } else {
        Ok(true)
    }
}

/// The deserialization values of `key = "..."` or `key(serialize = "...", deserialize = "...")`.
fn de_values(meta: &ParseNestedMeta) -> syn::Result<Vec<LitStr>> {
    if meta.input.peek(Token![=]) {
        return Ok(string(meta)?.into_iter().collect());
    }
    let mut values = Vec::new();
    if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| {
            let value = string(&inner)?;
            if inner.path.is_ident("deserialize") {
                values.extend(value);
            }
            skip_value(inner.input)
        })?;
    }
    Ok(values)
}
