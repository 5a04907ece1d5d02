//! `#[derive(TaskInput)]`: a type's JSON shape, as serde's derive reads the type from JSON.
//!
//! The serde attributes are read the way `serde_derive` reads them for deserialization
//! (`internals/attr.rs`, `internals/case.rs`, `de.rs`). Attributes that serde rejects are left
//! to serde's derive to report: here they are skipped, never a panic.
//!
//! Laid out as serde_derive's internals: `attr` reads the attributes, `case` holds the
//! `rename_all` rules, `fields` gives the shapes of structs and their fields, `enums` those of
//! enums in each representation.

mod attr;
mod case;
mod enums;
mod fields;

use proc_macro2::{TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, GenericParam, Type};

use attr::{ContainerAttrs, ItemAttrs};
use enums::enumeration;
use fields::{structure, transparent};

/// Expands `#[derive(TaskInput)]`: the impl, or errors beside a placeholder impl.
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    match own_attributes(&input).and_then(|()| shape(&input)) {
        Ok(shape) => implement(&input, shape),
        Err(e) => {
            // An impl beside the error, so that uses of the type add no errors of their own.
            let error = e.to_compile_error();
            let placeholder = implement(&input, quote!(&::sfn_runtime::__private::Shape::Any));
            quote!(#error #placeholder)
        }
    }
}

/// Checks the derive's own attributes: `#[task_input(any)]` on a field (its shape is "any
/// value", for a field whose type does not implement `TaskInput`, such as a foreign type).
fn own_attributes(input: &DeriveInput) -> syn::Result<()> {
    let check = |attrs: &[Attribute], on_field: bool| -> syn::Result<()> {
        for attr in attrs.iter().filter(|a| a.path().is_ident("task_input")) {
            if !on_field {
                return Err(syn::Error::new_spanned(
                    attr,
                    "`#[task_input(...)]` goes on a field: `#[task_input(any)]`",
                ));
            }
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("any") {
                    Ok(())
                } else {
                    Err(meta.error(
                        "unknown `task_input` attribute: the only one is `#[task_input(any)]`",
                    ))
                }
            })?;
        }
        Ok(())
    };
    check(&input.attrs, false)?;
    let fields: Vec<&syn::Field> = match &input.data {
        syn::Data::Struct(d) => d.fields.iter().collect(),
        syn::Data::Enum(e) => {
            for v in &e.variants {
                check(&v.attrs, false)?;
            }
            e.variants.iter().flat_map(|v| v.fields.iter()).collect()
        }
        syn::Data::Union(u) => u.fields.named.iter().collect(),
    };
    for f in fields {
        check(&f.attrs, true)?;
    }
    Ok(())
}

/// `impl TaskInput` with `shape` as the type's shape.
fn implement(input: &DeriveInput, shape: TokenStream) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics ::sfn_runtime::__private::TaskInput for #ident #ty_generics #where_clause {
                const SHAPE: &'static ::sfn_runtime::__private::Shape = #shape;
            }
        };
    }
}

/// The shape of the type (an expression of type `&'static Shape`), or why it has none.
fn shape(input: &DeriveInput) -> syn::Result<TokenStream> {
    if input
        .generics
        .params
        .iter()
        .any(|p| !matches!(p, GenericParam::Lifetime(_)))
    {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "`#[derive(TaskInput)]` does not support type or const parameters: a shape is one \
             constant per type. Derive it on a concrete type, or implement `TaskInput` by hand",
        ));
    }
    let container = ContainerAttrs::parse(&input.attrs);
    let ty = Ty {
        name: unraw(&input.ident.to_string()),
    };
    // serde's order: `transparent`, then `from`, then `try_from`, then the data.
    if container.transparent {
        if let Data::Struct(s) = &input.data {
            return Ok(transparent(&ty, &s.fields));
        }
    }
    if let Some(from) = &container.from {
        return Ok(ty.shape_of(from));
    }
    if container.identifier {
        // `field_identifier` / `variant_identifier`: read from a string.
        return Ok(quote!(&::sfn_runtime::__private::Shape::String));
    }
    match &input.data {
        Data::Struct(s) => Ok(structure(&ty, &container, &s.fields)),
        Data::Enum(e) => Ok(enumeration(&ty, &container, e.variants.iter())),
        Data::Union(u) => Err(syn::Error::new(
            u.union_token.span,
            "`#[derive(TaskInput)]` does not support unions: serde cannot read them either. \
             Use an enum",
        )),
    }
}

/// The type being derived.
struct Ty {
    /// Its Rust name, for messages.
    name: String,
}

impl Ty {
    /// The shape of a field's type, under the type's span so that a type without `TaskInput`
    /// is reported there.
    fn shape_of(&self, ty: &Type) -> TokenStream {
        if mentions(ty.to_token_stream(), &self.name) {
            // A constant cannot refer to itself: `<Vec<Node> as TaskInput>::SHAPE` inside
            // `Node::SHAPE` is a cycle that rustc rejects. A recursive field is of any shape.
            return any();
        }
        quote_spanned!(ty.span()=> <#ty as ::sfn_runtime::__private::TaskInput>::SHAPE)
    }

    /// The shape a field is read as: any for skipped fields (their type need not have a shape)
    /// and fields read by a function (`with`, `deserialize_with`).
    fn field_shape(&self, field: &syn::Field, attrs: &ItemAttrs) -> TokenStream {
        if attrs.skip_deserializing || attrs.with || attrs.any {
            any()
        } else {
            self.shape_of(&field.ty)
        }
    }

    /// The name of a variant's object: `Enum::Variant`.
    fn variant_name(&self, variant: &syn::Variant) -> String {
        format!("{}::{}", self.name, unraw(&variant.ident.to_string()))
    }
}

/// `&Shape::Any`.
fn any() -> TokenStream {
    quote!(&::sfn_runtime::__private::Shape::Any)
}

/// Whether the tokens name the type `name` or `Self` (a type of the same name in another
/// module counts too: its field is then of any shape, which is never wrong).
fn mentions(tokens: TokenStream, name: &str) -> bool {
    tokens.into_iter().any(|t| match t {
        TokenTree::Ident(i) => {
            let i = i.to_string();
            i == "Self" || unraw(&i) == name
        }
        TokenTree::Group(g) => mentions(g.stream(), name),
        _ => false,
    })
}

/// An identifier without its `r#`, as serde names it.
fn unraw(ident: &str) -> String {
    ident.strip_prefix("r#").unwrap_or(ident).to_string()
}

#[cfg(test)]
mod tests;
