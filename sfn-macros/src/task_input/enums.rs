//! Enums in serde's representations: externally, internally and adjacently tagged, untagged.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::Fields;

use super::attr::{ContainerAttrs, ItemAttrs};
use super::fields::{added_field, is_option, named_fields, object, unnamed, FieldOut};
use super::{any, unraw, Ty};

/// How an enum's variants are told apart.
enum Tagging<'a> {
    /// `{"Variant": content}`, or `"Variant"` for a unit variant (the default).
    External,
    /// `{"tag": "Variant", ...fields}` (`tag = "..."`).
    Internal(&'a str),
    /// `{"tag": "Variant", "content": content}` (`tag = "...", content = "..."`).
    Adjacent(&'a str, &'a str),
    /// The content alone (`untagged`, on the enum or the variant).
    Untagged,
}

/// An enum: one shape per variant that serde reads.
pub(super) fn enumeration<'a>(
    ty: &Ty,
    container: &ContainerAttrs,
    variants: impl Iterator<Item = &'a syn::Variant>,
) -> TokenStream {
    let tagging = match (&container.tag, &container.content, container.untagged) {
        (_, _, true) => Tagging::Untagged,
        (Some(tag), Some(content), false) => Tagging::Adjacent(tag, content),
        (Some(tag), None, false) => Tagging::Internal(tag),
        // `content` without `tag`: serde reports it.
        (None, _, false) => Tagging::External,
    };
    let mut shapes = Vec::new();
    let mut unit_string = false;
    let mut only_units = true;
    for variant in variants {
        let attrs = ItemAttrs::parse(&variant.attrs);
        if attrs.skip_deserializing {
            continue;
        }
        let this = if attrs.untagged {
            &Tagging::Untagged
        } else {
            &tagging
        };
        let content = variant_content(ty, container, variant, &attrs);
        let unit = content.is_none() && matches!(this, Tagging::External);
        only_units &= unit;
        if unit {
            // Every externally tagged unit variant is a string: one is enough.
            if unit_string {
                continue;
            }
            unit_string = true;
        }
        shapes.push(variant_shape(ty, container, variant, &attrs, this, content));
    }
    if only_units && unit_string {
        return quote!(&::sfn_runtime::__private::Shape::String);
    }
    let name = &ty.name;
    quote!(&::sfn_runtime::__private::Shape::OneOf(#name, &[#(#shapes),*]))
}

/// What a variant holds, as serde reads it: `None` for a unit variant (or a newtype variant
/// whose field is skipped, which serde reads as a unit variant).
fn variant_content(
    ty: &Ty,
    container: &ContainerAttrs,
    variant: &syn::Variant,
    attrs: &ItemAttrs,
) -> Option<Content> {
    let fields = &variant.fields;
    let newtype = matches!(fields, Fields::Unnamed(u) if u.unnamed.len() == 1);
    if matches!(fields, Fields::Unit) {
        return None;
    }
    if newtype {
        let field = fields.iter().next()?;
        let field_attrs = ItemAttrs::parse(&field.attrs);
        if field_attrs.skip_deserializing {
            return None;
        }
        let shape = if attrs.with {
            any()
        } else {
            ty.field_shape(field, &field_attrs)
        };
        // A missing content is read as the newtype's missing field.
        let optional = !attrs.with && !field_attrs.with && is_option(&field.ty);
        return Some(Content::Newtype(shape, optional));
    }
    if attrs.with {
        return Some(Content::Other(any()));
    }
    Some(match fields {
        Fields::Named(_) => {
            let rule = attrs.rename_all.or(container.rename_all_fields);
            Content::Struct(named_fields(ty, fields, rule, false))
        }
        _ => Content::Other(unnamed(ty, fields)),
    })
}

/// A variant's content.
enum Content {
    /// A newtype variant: the inner shape, and whether it is an `Option`.
    Newtype(TokenStream, bool),
    /// A struct variant's fields.
    Struct(Vec<TokenStream>),
    /// A tuple variant's tuple, or any shape.
    Other(TokenStream),
}

/// The shape of one variant in the enum's tagging.
fn variant_shape(
    ty: &Ty,
    container: &ContainerAttrs,
    variant: &syn::Variant,
    attrs: &ItemAttrs,
    tagging: &Tagging,
    content: Option<Content>,
) -> TokenStream {
    let object_name = ty.variant_name(variant);
    let content_shape = |c: Content| match c {
        Content::Newtype(shape, _) | Content::Other(shape) => shape,
        Content::Struct(fields) => object(&object_name, fields),
    };
    let string = quote!(&::sfn_runtime::__private::Shape::String);
    match tagging {
        Tagging::External => {
            let Some(content) = content else {
                return string;
            };
            let rust = unraw(&variant.ident.to_string());
            let (name, aliases) = attrs.names(&rust, |s| {
                container.rename_all.map_or(s.to_string(), |r| r.variant(s))
            });
            let field = FieldOut {
                name,
                aliases,
                rust,
                shape: content_shape(content),
                required: true,
                kind: "Normal",
            };
            object(&object_name, vec![field.into_token_stream()])
        }
        Tagging::Internal(tag) => {
            let mut fields = vec![added_field(tag, string, true).into_token_stream()];
            match content {
                None => {}
                Some(Content::Struct(own)) => fields.extend(own),
                Some(Content::Newtype(shape, _)) => fields.push(
                    FieldOut {
                        name: "0".to_string(),
                        aliases: Vec::new(),
                        rust: "0".to_string(),
                        shape,
                        required: false,
                        kind: "Flatten",
                    }
                    .into_token_stream(),
                ),
                // A tuple variant (serde reports it), or a variant read by a function.
                Some(Content::Other(shape)) => fields.push(
                    FieldOut {
                        name: String::new(),
                        aliases: Vec::new(),
                        rust: String::new(),
                        shape,
                        required: false,
                        kind: "Flatten",
                    }
                    .into_token_stream(),
                ),
            }
            object(&object_name, fields)
        }
        Tagging::Adjacent(tag, content_name) => {
            let mut fields = vec![added_field(tag, string, true).into_token_stream()];
            if let Some(content) = content {
                let required = !matches!(content, Content::Newtype(_, true));
                let shape = content_shape(content);
                fields.push(added_field(content_name, shape, required).into_token_stream());
            }
            object(&object_name, fields)
        }
        Tagging::Untagged => match content {
            None => quote!(&::sfn_runtime::__private::Shape::Null),
            Some(content) => content_shape(content),
        },
    }
}
