//! Structs and their fields: objects, newtypes, tuples, and the fields serde reads.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::{Fields, Type};

use super::attr::{ContainerAttrs, ItemAttrs};
use super::case::Rule;
use super::{any, unraw, Ty};

/// A type without the invisible groups of `macro_rules!` expansions and parentheses.
fn ungroup(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Group(g) => ty = &g.elem,
            Type::Paren(p) => ty = &p.elem,
            _ => return ty,
        }
    }
}

/// Whether the type is spelled `Option<T>` (`std::option::Option<T>`, ...): the test
/// serde_derive applies. serde reads a missing `Option` field as `None`.
pub(super) fn is_option(ty: &Type) -> bool {
    last_segment_is(ty, "Option", true)
}

/// Whether the type's path ends in `name`, with one type argument when `one_arg`.
fn last_segment_is(ty: &Type, name: &str, one_arg: bool) -> bool {
    let Type::Path(p) = ungroup(ty) else {
        return false;
    };
    let Some(seg) = p.path.segments.last() else {
        return false;
    };
    if seg.ident != name {
        return false;
    }
    if !one_arg {
        return true;
    }
    match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => {
            a.args.len() == 1 && matches!(a.args[0], syn::GenericArgument::Type(_))
        }
        _ => false,
    }
}

/// A `#[serde(transparent)]` struct: the shape of its one field that is read (serde's
/// `allow_transparent`: not `PhantomData`, not skipped, no default).
pub(super) fn transparent(ty: &Ty, fields: &Fields) -> TokenStream {
    let mut read = fields.iter().filter_map(|f| {
        let attrs = ItemAttrs::parse(&f.attrs);
        let read = !last_segment_is(&f.ty, "PhantomData", false)
            && !attrs.skip_deserializing
            && !attrs.default;
        read.then(|| ty.field_shape(f, &attrs))
    });
    match (read.next(), read.next()) {
        (Some(shape), None) => shape,
        // serde reports it.
        _ => any(),
    }
}

/// A struct: an object, a newtype's inner shape, a tuple, or null.
pub(super) fn structure(ty: &Ty, container: &ContainerAttrs, fields: &Fields) -> TokenStream {
    match fields {
        Fields::Named(_) => {
            let mut out = Vec::new();
            // `tag` on a struct: serde writes the tag, and reads past it as an unknown field
            // (unless it denies unknown fields). It may be there, so paths to it are fine.
            if let (Some(tag), false) = (&container.tag, container.deny_unknown_fields) {
                let string = quote!(&::sfn_runtime::__private::Shape::String);
                out.push(added_field(tag, string, false).into_token_stream());
            }
            out.extend(named_fields(
                ty,
                fields,
                container.rename_all,
                container.default,
            ));
            object(&ty.name, out)
        }
        Fields::Unnamed(_) => unnamed(ty, fields),
        Fields::Unit => quote!(&::sfn_runtime::__private::Shape::Null),
    }
}

/// The shape of unnamed fields: a newtype's inner shape, or a tuple of the fields serde reads.
pub(super) fn unnamed(ty: &Ty, fields: &Fields) -> TokenStream {
    if fields.len() == 1 {
        if let Some(f) = fields.iter().next() {
            return ty.field_shape(f, &ItemAttrs::parse(&f.attrs));
        }
    }
    let items = fields.iter().filter_map(|f| {
        let attrs = ItemAttrs::parse(&f.attrs);
        (!attrs.skip_deserializing).then(|| ty.field_shape(f, &attrs))
    });
    quote!(&::sfn_runtime::__private::Shape::Tuple(&[#(#items),*]))
}

/// `&Shape::Object` with these fields.
pub(super) fn object(name: &str, fields: Vec<TokenStream>) -> TokenStream {
    quote! {
        &::sfn_runtime::__private::Shape::Object(&::sfn_runtime::__private::Object {
            name: #name,
            fields: &[#(#fields),*],
        })
    }
}

/// A field of an object, as emitted.
pub(super) struct FieldOut {
    pub(super) name: String,
    pub(super) aliases: Vec<String>,
    /// Empty for the fields serde adds (a tag, an adjacently tagged enum's content).
    /// `kind` is a variant of `FieldKind`.
    pub(super) rust: String,
    pub(super) shape: TokenStream,
    pub(super) required: bool,
    pub(super) kind: &'static str,
}

impl ToTokens for FieldOut {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let FieldOut {
            name,
            aliases,
            rust,
            shape,
            required,
            kind,
        } = self;
        let kind = syn::Ident::new(kind, proc_macro2::Span::call_site());
        tokens.extend(quote! {
            ::sfn_runtime::__private::Field {
                name: #name,
                aliases: &[#(#aliases),*],
                rust: #rust,
                shape: #shape,
                required: #required,
                kind: ::sfn_runtime::__private::FieldKind::#kind,
            }
        });
    }
}

/// A field serde adds: a tag (a string), or an adjacently tagged enum's content.
pub(super) fn added_field(name: &str, shape: TokenStream, required: bool) -> FieldOut {
    FieldOut {
        name: name.to_string(),
        aliases: Vec::new(),
        rust: String::new(),
        shape,
        required,
        kind: "Normal",
    }
}

/// The fields of a struct or a struct variant, renamed by `rule`; `default` when the
/// container has `#[serde(default)]`.
pub(super) fn named_fields(
    ty: &Ty,
    fields: &Fields,
    rule: Option<Rule>,
    default: bool,
) -> Vec<TokenStream> {
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let attrs = ItemAttrs::parse(&f.attrs);
            let rust = match &f.ident {
                Some(ident) => unraw(&ident.to_string()),
                None => i.to_string(),
            };
            let (name, aliases) =
                attrs.names(&rust, |s| rule.map_or(s.to_string(), |r| r.field(s)));
            let kind = if attrs.skip_deserializing {
                "Skip"
            } else if attrs.flatten {
                "Flatten"
            } else if attrs.skip_serializing {
                "SkipSerializing"
            } else {
                "Normal"
            };
            // serde's `expr_is_missing`: a default wins; a field read by a function must be
            // there; otherwise a missing `Option` is `None`.
            let required = !(attrs.skip_deserializing
                || attrs.flatten
                || attrs.default
                || default
                || (!attrs.with && is_option(&f.ty)));
            FieldOut {
                name,
                aliases,
                rust,
                shape: ty.field_shape(f, &attrs),
                required,
                kind,
            }
            .into_token_stream()
        })
        .collect()
}
