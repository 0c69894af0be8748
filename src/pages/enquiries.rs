//! `/zapytania`: questions about an offer, an equipment item or a need, and the conversations
//! that follow. A signed-in person finds them in the inbox; a visitor without an account leaves
//! a name and an e-mail and gets a secret link to the conversation; an organisation nobody
//! represents yet is written to at its public address, with a secret link as well. Every
//! message also goes out by e-mail through the outbox, in the same transaction.

use serde::Serialize;

use super::account_mail::outgoing_to;
use super::enquiry_subjects;
use super::{Ctx, PageError, PageResult, render};
use crate::app::App;
use crate::auth;
use crate::domain::enquiry::{self, Enquiry, EnquiryId, Message, Party, Side, Subject};
use crate::domain::listing::{Listing, ListingKind};
use crate::domain::mail::OutgoingMail;
use crate::domain::user::User;
use crate::domain::validate::FieldErrors;
use crate::domain::{self};
use crate::mail::exchange_messages;
use crate::store::ReplyError;
use crate::text::format;
use crate::web::http::Response;
use crate::web::rate_limit::Action;

pub const INBOX_PATH: &str = "/zapytania";

#[derive(Serialize)]
struct NewView {
    csrf: String,
    kind: &'static str,
    kind_label: &'static str,
    id: u64,
    title: String,
    path: String,
    signed_in: bool,
    name: String,
    email: String,
    body: String,
    errors: FieldErrors,
}

/// The listing a `rodzaj` + `id` pair names, if it is public.
fn listing_of(app: &App, kind: &str, id: &str) -> Result<Listing, PageError> {
    let kind = ListingKind::from_code(kind).ok_or(PageError::NotFound)?;
    let id: u64 = id.parse().map_err(|_| PageError::NotFound)?;
    enquiry_subjects::public_listing(app, kind, id)?.ok_or(PageError::NotFound)
}

fn new_view(ctx: &Ctx, listing: &Listing) -> NewView {
    NewView {
        csrf: ctx.visitor.csrf_token(),
        kind: listing.kind.code(),
        kind_label: listing.kind.register_label(),
        id: listing.id,
        title: listing.title.clone(),
        path: listing.path(),
        signed_in: ctx.visitor.user.is_some(),
        name: ctx.form.get("imie").unwrap_or("").to_string(),
        email: ctx.form.get("email").unwrap_or("").to_string(),
        body: ctx.form.get("tresc").unwrap_or("").to_string(),
        errors: FieldErrors::default(),
    }
}

/// `GET /zapytania/nowe?rodzaj=oferta&id=12`
pub fn new_form(app: &App, ctx: &Ctx) -> PageResult {
    let listing = listing_of(
        app,
        ctx.query.get("rodzaj").unwrap_or(""),
        ctx.query.get("id").unwrap_or(""),
    )?;
    let view = new_view(ctx, &listing);
    render(app, ctx, "enquiries/new.html", "Zadaj pytanie", view)
}

/// `POST /zapytania/nowe`
pub fn new_submit(app: &App, ctx: &Ctx) -> PageResult {
    let listing = listing_of(
        app,
        ctx.form.get("rodzaj").unwrap_or(""),
        ctx.form.get("id").unwrap_or(""),
    )?;
    app.limit(Action::Enquiry, &ctx.client_ip())?;
    let body = ctx.form.get("tresc").unwrap_or("").trim().to_string();
    let mut errors = enquiry::validate_body(&body, "tresc");
    let user = ctx.visitor.user.as_ref();
    let (name, email) = match user {
        Some(user) => (user.name.clone(), None),
        None => {
            let name = ctx.form.get("imie").unwrap_or("").trim().to_string();
            let email = domain::user::normalize_email(ctx.form.get("email").unwrap_or(""));
            for (field, messages) in enquiry::validate_visitor(&name, &email).iter() {
                for message in messages {
                    errors.add(field, message);
                }
            }
            (name, Some(email))
        }
    };
    if !errors.is_empty() {
        let mut view = new_view(ctx, &listing);
        view.errors = errors;
        return render(app, ctx, "enquiries/new.html", "Zadaj pytanie", view);
    }
    if let Some(email) = &email {
        app.limit(Action::EnquiryEmail, email)?;
    }
    let now = domain::now();
    let asker = Party {
        name: name.clone(),
        users: user.map(|u| vec![u.id]).unwrap_or_default(),
        email: email.clone(),
        key: match email {
            Some(_) => Some(new_key()?),
            None => None,
        },
    };
    let enquiry = Enquiry {
        id: EnquiryId(0),
        subject: Subject {
            kind: listing.kind,
            id: listing.id,
            title: listing.title.clone(),
            path: listing.path(),
            organization: listing.organization,
        },
        asker,
        answerer: enquiry_subjects::answerer(app, &listing, new_key()?)?,
        messages: vec![Message {
            from: Side::Asker,
            author: user.map(|u| u.id),
            author_name: name,
            body,
            sent: now,
        }],
        read: user.map(|u| vec![(u.id, 1)]).unwrap_or_default(),
        created: now,
        updated: now,
    };
    let recipients = collect_recipients(app, &enquiry)?;
    let stored = app.store.start_enquiry(enquiry, |stored| {
        let mut mails = mails_to(app, stored, Side::Answerer, &recipients);
        if user.is_none() {
            // A visitor without an account gets the secret link to follow the answer.
            mails.extend(mails_to(app, stored, Side::Asker, &recipients));
        }
        mails
    })?;
    app.wake_mail();
    match user {
        Some(_) => Ok(Response::redirect(
            303,
            &format!("{INBOX_PATH}/{}", stored.id.0),
        )),
        None => {
            #[derive(Serialize)]
            struct Sent {
                email: String,
                path: String,
                title: String,
            }
            let view = Sent {
                email: stored.asker.email.clone().unwrap_or_default(),
                path: stored.subject.path.clone(),
                title: stored.subject.title.clone(),
            };
            render(app, ctx, "enquiries/sent.html", "Pytanie wysłane", view)
        }
    }
}

fn new_key() -> Result<String, PageError> {
    auth::new_token().map_err(|e| PageError::Internal(e.to_string()))
}

/// The accounts on both sides, read once before the write (their addresses, and whether they
/// still exist).
struct Recipients(Vec<User>);

fn collect_recipients(app: &App, enquiry: &Enquiry) -> Result<Recipients, PageError> {
    let mut users = Vec::new();
    for id in enquiry.users() {
        if let Some(user) = app.store.user(id)?
            && !user.is_deleted()
        {
            users.push(user);
        }
    }
    Ok(Recipients(users))
}

/// The mails telling `side` about the newest message: one per account of the side (with the
/// inbox link), or one to the side's address with its secret link.
fn mails_to(
    app: &App,
    enquiry: &Enquiry,
    side: Side,
    recipients: &Recipients,
) -> Vec<OutgoingMail> {
    let party = enquiry.party(side);
    let mut mails = Vec::new();
    for user in recipients.0.iter().filter(|u| party.users.contains(&u.id)) {
        mails.push(outgoing_to(app, &user.email, "zapytanie", |site| {
            let link = site.link(&format!("{INBOX_PATH}/{}", enquiry.id.0));
            exchange_messages::enquiry_message(site, enquiry, &link)
        }));
    }
    if let (Some(email), Some(key)) = (&party.email, &party.key) {
        mails.push(outgoing_to(app, email, "zapytanie", |site| {
            let link = site.link(&format!("{INBOX_PATH}/{}?klucz={key}", enquiry.id.0));
            exchange_messages::enquiry_message(site, enquiry, &link)
        }));
    }
    mails
}

#[derive(Serialize)]
struct InboxRow {
    id: u64,
    title: String,
    register: &'static str,
    with: String,
    last: String,
    unread: bool,
    messages: usize,
}

/// `GET /zapytania` — the signed-in person's conversations.
pub fn inbox(app: &App, ctx: &Ctx) -> PageResult {
    let user = ctx.user()?;
    let rows: Vec<InboxRow> = app
        .store
        .enquiries_of_user(user.id)?
        .into_iter()
        .map(|e| {
            let side = e.side_of_user(user.id).unwrap_or(Side::Asker);
            InboxRow {
                id: e.id.0,
                title: e.subject.title.clone(),
                register: e.subject.kind.register_label(),
                with: e.party(side.other()).name.clone(),
                last: format::date_long(format::local_date(e.updated)),
                unread: e.unread_by(user.id),
                messages: e.messages.len(),
            }
        })
        .collect();
    #[derive(Serialize)]
    struct View {
        rows: Vec<InboxRow>,
    }
    render(app, ctx, "enquiries/inbox.html", "Zapytania", View { rows })
}

/// Who is looking at a conversation: an account taking part, or the holder of a side's key.
struct Viewer {
    side: Side,
    key: Option<String>,
}

/// The conversation and the viewer's side; anybody else gets a 404 (not a 403: the ids of
/// private conversations are nobody's business).
fn open(app: &App, ctx: &Ctx) -> Result<(Enquiry, Viewer), PageError> {
    let id: u64 = ctx.param("id").parse().map_err(|_| PageError::NotFound)?;
    let enquiry = app
        .store
        .enquiry(EnquiryId(id))?
        .ok_or(PageError::NotFound)?;
    if let Some(user) = &ctx.visitor.user
        && let Some(side) = enquiry.side_of_user(user.id)
    {
        return Ok((enquiry, Viewer { side, key: None }));
    }
    let key = ctx
        .form
        .get("klucz")
        .or_else(|| ctx.query.get("klucz"))
        .unwrap_or("");
    match enquiry.side_of_key(key) {
        Some(side) if auth::is_token(key) => Ok((
            enquiry,
            Viewer {
                side,
                key: Some(key.to_string()),
            },
        )),
        _ => Err(PageError::NotFound),
    }
}

#[derive(Serialize)]
struct MessageView {
    mine: bool,
    author: String,
    body: String,
    sent: String,
}

#[derive(Serialize)]
struct ThreadView {
    csrf: String,
    id: u64,
    title: String,
    path: String,
    register: &'static str,
    with: String,
    messages: Vec<MessageView>,
    key: Option<String>,
    body: String,
    errors: FieldErrors,
    can_reply: bool,
}

fn thread_view(ctx: &Ctx, enquiry: &Enquiry, viewer: &Viewer) -> ThreadView {
    ThreadView {
        csrf: ctx.visitor.csrf_token(),
        id: enquiry.id.0,
        title: enquiry.subject.title.clone(),
        path: enquiry.subject.path.clone(),
        register: enquiry.subject.kind.register_label(),
        with: enquiry.party(viewer.side.other()).name.clone(),
        messages: enquiry
            .messages
            .iter()
            .map(|m| MessageView {
                mine: m.from == viewer.side,
                author: m.author_name.clone(),
                body: m.body.clone(),
                sent: format::date_time(m.sent),
            })
            .collect(),
        key: viewer.key.clone(),
        body: String::new(),
        errors: FieldErrors::default(),
        can_reply: enquiry.messages.len() < enquiry::MAX_MESSAGES,
    }
}

/// `GET /zapytania/{id}` (for a side without an account: `?klucz=…`)
pub fn thread(app: &App, ctx: &Ctx) -> PageResult {
    let (enquiry, viewer) = open(app, ctx)?;
    if let Some(user) = &ctx.visitor.user
        && viewer.key.is_none()
    {
        app.store.mark_enquiry_read(enquiry.id, user.id)?;
    }
    let view = thread_view(ctx, &enquiry, &viewer);
    let title = format!("Zapytanie: {}", enquiry.subject.title);
    render(app, ctx, "enquiries/thread.html", &title, view)
}

/// `POST /zapytania/{id}` — a reply, from either side.
pub fn reply(app: &App, ctx: &Ctx) -> PageResult {
    let (enquiry, viewer) = open(app, ctx)?;
    app.limit(Action::Enquiry, &ctx.client_ip())?;
    let body = ctx.form.get("tresc").unwrap_or("").trim().to_string();
    let errors = enquiry::validate_body(&body, "tresc");
    if !errors.is_empty() {
        let mut view = thread_view(ctx, &enquiry, &viewer);
        view.body = body;
        view.errors = errors;
        let title = format!("Zapytanie: {}", enquiry.subject.title);
        return render(app, ctx, "enquiries/thread.html", &title, view);
    }
    let user = ctx.visitor.user.as_ref().filter(|_| viewer.key.is_none());
    let message = Message {
        from: viewer.side,
        author: user.map(|u| u.id),
        author_name: user
            .map(|u| u.name.clone())
            .unwrap_or_else(|| enquiry.party(viewer.side).name.clone()),
        body,
        sent: domain::now(),
    };
    let recipients = collect_recipients(app, &enquiry)?;
    let result = app
        .store
        .add_enquiry_message(enquiry.id, message, |updated| {
            mails_to(app, updated, viewer.side.other(), &recipients)
        });
    match result {
        Ok(_) => {}
        Err(ReplyError::NotFound) => return Err(PageError::NotFound),
        Err(ReplyError::TooLong) => {
            return Err(PageError::BadRequest(
                "Ta rozmowa ma już 100 wiadomości. Skontaktuj się bezpośrednio — dane kontaktowe są na stronie organizacji.".to_string(),
            ));
        }
        Err(ReplyError::Store(e)) => return Err(e.into()),
    }
    app.wake_mail();
    let location = match &viewer.key {
        Some(key) => format!("{INBOX_PATH}/{}?klucz={key}#ostatnia", enquiry.id.0),
        None => format!("{INBOX_PATH}/{}#ostatnia", enquiry.id.0),
    };
    Ok(Response::redirect(303, &location))
}
