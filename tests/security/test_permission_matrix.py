# ruff: noqa: E501 - the table keys are the URL patterns themselves
"""Who may open every admin address: the table below is the specification.

Every URL pattern under ``/admin/`` (Wagtail's, the libraries' and the project's: the
``register_admin_urls`` hooks, viewsets, snippets, settings, reports) is read from the URL
resolver and requested as each role, with real objects of the project's models (a page of every
page type, a snippet of every snippet model, a send, a registration, a contribution…; see
``world.py``). A pattern missing from the table fails ``test_every_admin_url_is_in_the_table``:
whoever adds an admin URL decides here who may use it.

Columns: anonymous, Volontari, Redazione, Newsletter, Privacy, Tesoreria, superuser.

- ``L`` sign-in page (the anonymous visitor is sent to log in)
- ``+`` the page itself (2xx)
- ``R`` a redirect elsewhere in the admin (e.g. to the only parent a page can be added to)
- ``-`` refused: 403, or Wagtail's redirect to the dashboard with "no permission"
- ``4`` 404 (nothing to show at that address for this role), ``5`` 405 (method not allowed)
- ``E`` Wagtail's deliberate error page (``failwhale``: it raises on purpose)

POST-only addresses (``POST_ONLY``) are posted to instead of opened. Besides, every role refused
an address is also refused when it POSTs to it: a view that checked permissions on GET only
would let a form posted by hand through.
"""

from django.contrib.messages import get_messages
from django.test import Client

import pytest

from tests.security.admin_urls import admin_patterns, concrete_urls
from tests.security.world import ROLES, build_world, make_users

pytestmark = pytest.mark.django_db

# Groups of roles that recur. Order: anon, Volontari, Redazione, Newsletter, Privacy,
# Tesoreria, superuser.
EVERYONE = "+++++++"  # sign-in, password reset, static assets of the admin
ADMIN_USERS = "L++++++"  # anyone who may enter the admin
WRITERS = "L++---+"  # Volontari and Redazione: the pages, images and documents they draft
EDITORS = "L-+---+"  # Redazione only
SENDERS = "L--+--+"  # the Newsletter group
PRIVACY = "L---+-+"  # the Privacy group
TREASURERS = "L----++"  # the Tesoreria group: the register of contributions
SUPERUSERS = "L-----+"  # nobody but superusers
NOBODY = "L------"  # not even superusers
GONE = "L444444"  # nothing to show at that address with the world's data

# fmt: off
TABLE = {
    # --- The admin's own pages ------------------------------------------------------------
    "admin/": ADMIN_USERS,
    "admin/test404/": ADMIN_USERS,
    "admin/failwhale/": "LEEEEEE",
    "admin/account/": ADMIN_USERS,
    "admin/logout/": "LLLLLLL",
    "admin/dismissibles/": ADMIN_USERS,
    "admin/sprite/": EVERYONE,
    "admin/login/": "+RRRRRR",
    "admin/password_reset/": EVERYONE,
    "admin/password_reset/done/": EVERYONE,
    "admin/password_reset/confirm/<uidb64>/<token>/": EVERYONE,
    "admin/password_reset/complete/": EVERYONE,
    "admin/jsi18n/": EVERYONE,
    "admin/^.*/$": GONE,
    # Two factors: every signed-in admin user manages their own.
    "admin/2fa/": ADMIN_USERS,
    "admin/2fa/setup/": ADMIN_USERS,
    "admin/2fa/verify/": "LRRRRRR",  # nothing to verify without a device: to the setup page
    # The admin's internal API (choosers): page details only where the user may edit;
    # documents and images are public files, listed to every admin user as Wagtail does.
    "admin/api/main/^pages/": ADMIN_USERS,
    "admin/api/main/^pages/<int:pk>/": "L++444+",
    "admin/api/main/^pages/find/": GONE,
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": "L-+444+",
    "admin/api/main/^documents/": ADMIN_USERS,
    "admin/api/main/^documents/<int:pk>/": ADMIN_USERS,
    "admin/api/main/^documents/find/": GONE,
    "admin/api/main/^images/": ADMIN_USERS,
    "admin/api/main/^images/<int:pk>/": ADMIN_USERS,
    "admin/api/main/^images/find/": GONE,
    "admin/pages/": WRITERS,
    "admin/pages/<int:parent_page_id>/": WRITERS,
    "admin/pages/<int:parent_page_id>/results/": WRITERS,
    # Bulk actions show a confirmation page listing what the user may act on; posting them
    # without the permission changes nothing (test_bulk_actions_refuse_what_the_user_may_not_do).
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/": {
        "wagtailcore.page publish": ADMIN_USERS,
        "wagtailimages.image delete": ADMIN_USERS,
        "wagtaildocs.document delete": ADMIN_USERS,
        "program.lens delete": ADMIN_USERS,
        "auth.user delete": SUPERUSERS,
    },
    # Adding a page, for every page type of the project: one home page per site, one lens
    # index and one newsletter archive per home page (max_count), so nobody adds another.
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/": {
        "home.homepage": NOBODY,
        "home.standardpage": WRITERS,
        "events.eventindexpage": WRITERS,
        "events.eventpage": WRITERS,
        "newsletter.newsletterindexpage": NOBODY,
        "newsletter.newsletterpage": WRITERS,
        "program.lensindexpage": NOBODY,
        "program.programpage": WRITERS,
        "program.processindexpage": WRITERS,
        "program.processpage": WRITERS,
        "program.contributionformpage": WRITERS,
        "program.peopleindexpage": WRITERS,
        "program.personpage": WRITERS,
        "program.councilactindexpage": WRITERS,
        "program.councilactpage": WRITERS,
    },
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/": {
        "home.homepage": NOBODY,
        "home.standardpage": WRITERS,
        "events.eventindexpage": WRITERS,
        "events.eventpage": WRITERS,
        "newsletter.newsletterindexpage": WRITERS,
        "newsletter.newsletterpage": WRITERS,
        "program.lensindexpage": WRITERS,
        "program.programpage": WRITERS,
        "program.processindexpage": WRITERS,
        "program.processpage": WRITERS,
        "program.contributionformpage": WRITERS,
        "program.peopleindexpage": WRITERS,
        "program.personpage": WRITERS,
        "program.councilactindexpage": WRITERS,
        "program.councilactpage": WRITERS,
    },
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/": WRITERS,
    # Choosing where to add a page: writers go straight to the only parent that accepts the
    # type; others see the (empty) list of places they may add it to.
    "admin/pages/create/<slug:app_label>/<slug:model_name>": {
        "home.standardpage": ADMIN_USERS,  # several possible parents: the list
        "events.eventpage": "LRR+++R",
        "program.contributionformpage": ADMIN_USERS,
    },
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/": WRITERS,
    "admin/pages/<int:page_id>/usage/": WRITERS,
    "admin/pages/<int:page_id>/edit/": WRITERS,
    "admin/pages/<int:page_id>/edit/preview/": WRITERS,
    "admin/pages/<int:page_id>/view_draft/": WRITERS,
    "admin/pages/<int:parent_page_id>/add_subpage/": WRITERS,
    "admin/pages/<int:page_id>/delete/": EDITORS,
    "admin/pages/<int:page_id>/unpublish/": EDITORS,
    "admin/pages/<int:page_id>/convert_alias/": GONE,
    "admin/pages/search/": WRITERS,
    "admin/pages/search/results/": WRITERS,
    "admin/pages/<int:page_to_move_id>/move/": EDITORS,
    "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/": ADMIN_USERS,
    "admin/pages/<int:page_to_move_id>/set_position/": "L-+---+",
    "admin/pages/<int:page_id>/copy/": WRITERS,
    "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/": GONE,
    "admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/": GONE,
    "admin/pages/workflow/confirm_cancellation/<int:page_id>/": ADMIN_USERS,
    "admin/pages/workflow/preview/<int:page_id>/<int:task_id>/": NOBODY,
    "admin/pages/<int:page_id>/privacy/": EDITORS,
    "admin/pages/<int:page_id>/lock/": "L-R---R",
    "admin/pages/<int:page_id>/unlock/": "L-R---R",
    "admin/pages/<int:page_id>/revisions/": "LRRRRRR",
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/view/": WRITERS,
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/": WRITERS,
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/": EDITORS,
    r"admin/pages/^(?P<pk>\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$": WRITERS,
    "admin/pages/<int:page_id>/workflow_history/": WRITERS,
    "admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/": "L44---4",
    "admin/pages/<int:page_id>/history/": WRITERS,
    "admin/pages/<int:page_id>/history/results/": WRITERS,
    "admin/choose-page/": ADMIN_USERS,
    "admin/choose-page/<int:parent_page_id>/": ADMIN_USERS,
    "admin/choose-page/search/": ADMIN_USERS,
    "admin/choose-page/chosen-multiple/": ADMIN_USERS,
    "admin/choose-external-link/": ADMIN_USERS,
    "admin/choose-email-link/": ADMIN_USERS,
    "admin/choose-phone-link/": ADMIN_USERS,
    "admin/choose-anchor-link/": ADMIN_USERS,
    "admin/tag-autocomplete/": ADMIN_USERS,
    "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/": GONE,
    "admin/collections/": SUPERUSERS,
    "admin/collections/add/": SUPERUSERS,
    "admin/collections/<int:pk>/": SUPERUSERS,
    "admin/collections/<int:pk>/delete/": "L44444+",
    "admin/collections/<int:collection_id>/privacy/": SUPERUSERS,
    "admin/workflows/list/": SUPERUSERS,
    "admin/workflows/list/results/": SUPERUSERS,
    "admin/workflows/add/": SUPERUSERS,
    "admin/workflows/enable/<int:pk>/": "L-----R",
    "admin/workflows/disable/<int:pk>/": SUPERUSERS,
    "admin/workflows/edit/<int:pk>/": SUPERUSERS,
    "admin/workflows/usage/<int:pk>/": SUPERUSERS,
    "admin/workflows/usage/<int:pk>/results/": SUPERUSERS,
    "admin/workflows/remove/<int:page_pk>/": "L-----R",
    "admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/": "L-----R",
    "admin/workflows/tasks/add/<str:app_label>/<str:model_name>/": SUPERUSERS,
    "admin/workflows/tasks/select_type/": "L-----R",
    "admin/workflows/tasks/index/": SUPERUSERS,
    "admin/workflows/tasks/index/results/": SUPERUSERS,
    "admin/workflows/tasks/edit/<int:pk>/": SUPERUSERS,
    "admin/workflows/tasks/disable/<int:pk>/": SUPERUSERS,
    "admin/workflows/tasks/enable/<int:pk>/": "L-----R",
    "admin/workflows/task_chooser/": ADMIN_USERS,
    "admin/workflows/task_chooser/results/": ADMIN_USERS,
    "admin/workflows/task_chooser/create/": ADMIN_USERS,
    "admin/workflows/task_chooser/<int:task_id>/": ADMIN_USERS,
    "admin/reports/locked/": EDITORS,
    "admin/reports/locked/results/": EDITORS,
    "admin/reports/workflow/": WRITERS,
    "admin/reports/workflow/results/": WRITERS,
    "admin/reports/workflow_tasks/": WRITERS,
    "admin/reports/workflow_tasks/results/": WRITERS,
    "admin/reports/site-history/": ADMIN_USERS,
    "admin/reports/site-history/results/": ADMIN_USERS,
    "admin/reports/aging-pages/": WRITERS,
    "admin/reports/aging-pages/results/": WRITERS,
    "admin/reports/page-types-usage/": WRITERS,
    "admin/reports/page-types-usage/results/": WRITERS,
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/": "L4+444+",
    "admin/editing-sessions/release/<int:session_id>/": "L++++++",
    "admin/block-preview/": GONE,
    "admin/forms/submissions/<int:page_id>/": EDITORS,
    "admin/forms/submissions/<int:page_id>/results/": EDITORS,
    "admin/forms/submissions/<int:page_id>/delete/": EDITORS,
    "admin/events/<int:page_id>/iscritti/": EDITORS,
    "admin/events/<int:page_id>/iscritti/csv/": EDITORS,
    "admin/newsletter/<int:page_id>/prova/": WRITERS,
    "admin/newsletter/<int:page_id>/invio/": SENDERS,
    "admin/newsletter/invii/": SENDERS,
    "admin/newsletter/invii/<int:send_id>/": SENDERS,
    "admin/newsletter/invii/<int:send_id>/stato/": SENDERS,
    "admin/newsletter/invii/<int:send_id>/pausa/": "L--R--R",
    "admin/newsletter/invii/<int:send_id>/riprendi/": "L--R--R",
    "admin/newsletter/invii/<int:send_id>/annulla/": "L--R--R",
    # Resending to recipients in doubt needs the box ticked: an empty post is refused for all.
    "admin/newsletter/invii/<int:send_id>/in-dubbio/": "L------",
    "admin/ricerche-frequenti/": EDITORS,
    "admin/ricerche-frequenti/results/": EDITORS,
    "admin/localize/jsi18n/": ADMIN_USERS,
    # Volunteers draft translations and the Redazione publishes them ("Traduci": the
    # submit_translation permission of home.roles.TRANSLATION_PERMISSIONS).
    "admin/localize/submit/page/<int:page_id>/": WRITERS,
    "admin/localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/": WRITERS,
    "admin/localize/update/<int:translation_source_id>/": "L44---4",
    "admin/localize/translate/<int:translation_id>/strings/<int:string_segment_id>/edit/": "L555555",
    "admin/localize/translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/": "L555555",
    "admin/localize/translate/<int:translation_id>/pofile/download/": GONE,
    "admin/localize/translate/<int:translation_id>/pofile/upload/": GONE,
    "admin/localize/translate/<int:translation_id>/machine_translate/": GONE,
    "admin/localize/translate/<int:translation_id>/preview/": GONE,
    "admin/localize/translate/<int:translation_id>/preview/<str:mode>/": GONE,
    "admin/localize/translate/<int:translation_id>/disable/": GONE,
    "admin/localize/page/<int:page_id>/convert_to_alias/": "L44---4",
    "admin/localize/reports/translations/": ADMIN_USERS,
    "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/": ADMIN_USERS,
    "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/": ADMIN_USERS,
    "admin/localize/reports/translations/results/": ADMIN_USERS,
    "admin/forms/": WRITERS,
    "admin/forms/results/": WRITERS,
    "admin/redirects/": EDITORS,
    "admin/redirects/results/": EDITORS,
    "admin/redirects/add/": EDITORS,
    "admin/redirects/<int:redirect_id>/": EDITORS,
    "admin/redirects/<int:redirect_id>/delete/": EDITORS,
    "admin/redirects/import/": EDITORS,
    # Wagtail answers an empty post to the import's second step with an error (no file in
    # the session); only the Redazione can reach it.
    "admin/redirects/import/process/": "L-E---E",
    # Site settings: the Redazione edits the site's; the newsletter's sender settings are
    # superuser-only for now (no group holds change_newslettersettings).
    "admin/settings/<slug:app_name>/<slug:model_name>/": {
        "home.sitesettings": "L-R---R",
        "newsletter.newslettersettings": "L-----R",
    },
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": {
        "home.sitesettings": EDITORS,
        "newsletter.newslettersettings": SUPERUSERS,
    },
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/": {
        "home.sitesettings": "L-4---4",
        "newsletter.newslettersettings": "L-----4",
    },
    "admin/searchpicks/": EDITORS,
    "admin/searchpicks/results/": EDITORS,
    "admin/searchpicks/add/": EDITORS,
    "admin/searchpicks/<int:query_id>/": EDITORS,
    "admin/searchpicks/<int:query_id>/delete/": EDITORS,
    "admin/searchpicks/queries/chooser/": ADMIN_USERS,
    "admin/searchpicks/queries/chooser/results/": ADMIN_USERS,
    "admin/searchpicks/reports/search-terms/": SUPERUSERS,
    "admin/searchpicks/reports/search-terms/results/": SUPERUSERS,
    "admin/embeds/chooser/": ADMIN_USERS,
    "admin/embeds/chooser/upload/": ADMIN_USERS,
    # The snippets index is replaced by the "Programma" and "Eventi" menus.
    "admin/snippets/": NOBODY,
    "admin/documents/": WRITERS,
    "admin/documents/results/": WRITERS,
    "admin/documents/add/": WRITERS,
    "admin/documents/edit/<int:document_id>/": EDITORS,
    "admin/documents/delete/<int:document_id>/": EDITORS,
    "admin/documents/multiple/add/": WRITERS,
    "admin/documents/multiple/<int:doc_id>/": "L-+---+",
    "admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/": GONE,
    "admin/documents/multiple/<int:doc_id>/delete/": "L-+4444",
    "admin/documents/multiple/delete_upload/<int:uploaded_file_id>/": GONE,
    "admin/documents/usage/<int:document_id>/": EDITORS,
    "admin/images/": WRITERS,
    "admin/images/results/": WRITERS,
    "admin/images/<int:image_id>/": EDITORS,
    "admin/images/<int:image_id>/delete/": EDITORS,
    "admin/images/<int:image_id>/generate_url/": "L44---4",
    "admin/images/<int:image_id>/generate_url/output/": "L44---4",
    "admin/images/<int:image_id>/preview/<str:filter_spec>/": EDITORS,
    "admin/images/add/": WRITERS,
    "admin/images/usage/<int:image_id>/": EDITORS,
    "admin/images/multiple/add/": WRITERS,
    "admin/images/multiple/<int:image_id>/": "L-+---+",
    "admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/": GONE,
    "admin/images/multiple/<int:image_id>/delete/": "L-+4444",
    "admin/images/multiple/delete_upload/<int:uploaded_file_id>/": GONE,
    "admin/snippets/program/lens/": EDITORS,
    "admin/snippets/program/lens/results/": EDITORS,
    "admin/snippets/program/lens/add/": EDITORS,
    "admin/snippets/program/lens/edit/<int:pk>/": EDITORS,
    "admin/snippets/program/lens/delete/<int:pk>/": EDITORS,
    "admin/snippets/program/lens/usage/<int:pk>/": EDITORS,
    "admin/snippets/program/lens/history/<int:pk>/": EDITORS,
    "admin/snippets/program/lens/history-results/<int:pk>/": EDITORS,
    "admin/snippets/program/lens/copy/<int:pk>/": EDITORS,
    "admin/snippets/choose/program/lens/": ADMIN_USERS,
    "admin/snippets/choose/program/lens/results/": ADMIN_USERS,
    "admin/snippets/choose/program/lens/chosen/<str:pk>/": ADMIN_USERS,
    "admin/snippets/choose/program/lens/chosen-multiple/": ADMIN_USERS,
    "admin/snippets/choose/program/lens/create/": EDITORS,
    "admin/snippets/program/neighbourhood/": WRITERS,
    "admin/snippets/program/neighbourhood/results/": WRITERS,
    "admin/snippets/program/neighbourhood/add/": WRITERS,
    "admin/snippets/program/neighbourhood/edit/<int:pk>/": WRITERS,
    "admin/snippets/program/neighbourhood/delete/<int:pk>/": EDITORS,
    "admin/snippets/program/neighbourhood/usage/<int:pk>/": WRITERS,
    "admin/snippets/program/neighbourhood/history/<int:pk>/": WRITERS,
    "admin/snippets/program/neighbourhood/history-results/<int:pk>/": WRITERS,
    "admin/snippets/program/neighbourhood/copy/<int:pk>/": WRITERS,
    "admin/snippets/choose/program/neighbourhood/": ADMIN_USERS,
    "admin/snippets/choose/program/neighbourhood/results/": ADMIN_USERS,
    "admin/snippets/choose/program/neighbourhood/chosen/<str:pk>/": ADMIN_USERS,
    "admin/snippets/choose/program/neighbourhood/chosen-multiple/": ADMIN_USERS,
    "admin/snippets/choose/program/neighbourhood/create/": WRITERS,
    "admin/snippets/events/venue/": WRITERS,
    "admin/snippets/events/venue/results/": WRITERS,
    "admin/snippets/events/venue/add/": WRITERS,
    "admin/snippets/events/venue/edit/<int:pk>/": WRITERS,
    "admin/snippets/events/venue/delete/<int:pk>/": EDITORS,
    "admin/snippets/events/venue/usage/<int:pk>/": WRITERS,
    "admin/snippets/events/venue/history/<int:pk>/": WRITERS,
    "admin/snippets/events/venue/history-results/<int:pk>/": WRITERS,
    "admin/snippets/events/venue/copy/<int:pk>/": WRITERS,
    "admin/snippets/choose/events/venue/": ADMIN_USERS,
    "admin/snippets/choose/events/venue/results/": ADMIN_USERS,
    "admin/snippets/choose/events/venue/chosen/<str:pk>/": ADMIN_USERS,
    "admin/snippets/choose/events/venue/chosen-multiple/": ADMIN_USERS,
    "admin/snippets/choose/events/venue/create/": WRITERS,
    "admin/snippets/events/eventcategory/": EDITORS,
    "admin/snippets/events/eventcategory/results/": EDITORS,
    "admin/snippets/events/eventcategory/add/": EDITORS,
    "admin/snippets/events/eventcategory/edit/<int:pk>/": EDITORS,
    "admin/snippets/events/eventcategory/delete/<int:pk>/": EDITORS,
    "admin/snippets/events/eventcategory/usage/<int:pk>/": EDITORS,
    "admin/snippets/events/eventcategory/history/<int:pk>/": EDITORS,
    "admin/snippets/events/eventcategory/history-results/<int:pk>/": EDITORS,
    "admin/snippets/events/eventcategory/copy/<int:pk>/": EDITORS,
    "admin/snippets/choose/events/eventcategory/": ADMIN_USERS,
    "admin/snippets/choose/events/eventcategory/results/": ADMIN_USERS,
    "admin/snippets/choose/events/eventcategory/chosen/<str:pk>/": ADMIN_USERS,
    "admin/snippets/choose/events/eventcategory/chosen-multiple/": ADMIN_USERS,
    "admin/snippets/choose/events/eventcategory/create/": EDITORS,
    # The site texts (one copy per language): the Redazione writes them (volunteers translate
    # them through wagtail-localize's "Traduci", not here); only superusers delete a copy.
    "admin/snippets/home/sitetexts/": EDITORS,
    "admin/snippets/home/sitetexts/results/": EDITORS,
    "admin/snippets/home/sitetexts/add/": EDITORS,
    "admin/snippets/home/sitetexts/edit/<int:pk>/": EDITORS,
    "admin/snippets/home/sitetexts/delete/<int:pk>/": SUPERUSERS,
    "admin/snippets/home/sitetexts/usage/<int:pk>/": EDITORS,
    "admin/snippets/home/sitetexts/history/<int:pk>/": EDITORS,
    "admin/snippets/home/sitetexts/history-results/<int:pk>/": EDITORS,
    "admin/snippets/home/sitetexts/copy/<int:pk>/": EDITORS,
    "admin/snippets/choose/home/sitetexts/": ADMIN_USERS,
    "admin/snippets/choose/home/sitetexts/results/": ADMIN_USERS,
    "admin/snippets/choose/home/sitetexts/chosen/<str:pk>/": ADMIN_USERS,
    "admin/snippets/choose/home/sitetexts/chosen-multiple/": ADMIN_USERS,
    "admin/snippets/choose/home/sitetexts/create/": EDITORS,
    # The partner registry holds private contacts: the Redazione manages and moderates it. The
    # chooser offers only organisations that were listed (public anyway), to whoever drafts.
    "admin/snippets/program/organisation/": EDITORS,
    "admin/snippets/program/organisation/results/": EDITORS,
    "admin/snippets/program/organisation/add/": EDITORS,
    "admin/snippets/program/organisation/edit/<int:pk>/": EDITORS,
    "admin/snippets/program/organisation/delete/<int:pk>/": EDITORS,
    "admin/snippets/program/organisation/usage/<int:pk>/": EDITORS,
    "admin/snippets/program/organisation/history/<int:pk>/": EDITORS,
    "admin/snippets/program/organisation/history-results/<int:pk>/": EDITORS,
    "admin/snippets/program/organisation/approve/<int:pk>/": EDITORS,
    "admin/snippets/program/organisation/reject/<int:pk>/": EDITORS,
    "admin/snippets/choose/program/organisation/": ADMIN_USERS,
    "admin/snippets/choose/program/organisation/results/": ADMIN_USERS,
    # The world's organisation is a request not yet moderated: never offered, even by id.
    "admin/snippets/choose/program/organisation/chosen/<str:pk>/": GONE,
    "admin/snippets/choose/program/organisation/chosen-multiple/": ADMIN_USERS,
    "admin/snippets/choose/program/organisation/create/": EDITORS,
    # The register of contributions: the Tesoreria group and superusers only.
    "admin/trasparenza/donatori/": TREASURERS,
    "admin/trasparenza/donatori/results/": TREASURERS,
    "admin/trasparenza/donatori/new/": TREASURERS,
    "admin/trasparenza/donatori/edit/<int:pk>/": TREASURERS,
    "admin/trasparenza/donatori/delete/<int:pk>/": TREASURERS,
    "admin/trasparenza/donatori/usage/<int:pk>/": TREASURERS,
    "admin/trasparenza/donatori/history/<int:pk>/": TREASURERS,
    "admin/trasparenza/donatori/history-results/<int:pk>/": TREASURERS,
    "admin/trasparenza/contributi/": TREASURERS,
    "admin/trasparenza/contributi/results/": TREASURERS,
    "admin/trasparenza/contributi/new/": TREASURERS,
    "admin/trasparenza/contributi/edit/<int:pk>/": TREASURERS,
    "admin/trasparenza/contributi/delete/<int:pk>/": TREASURERS,
    "admin/trasparenza/contributi/usage/<int:pk>/": TREASURERS,
    "admin/trasparenza/contributi/history/<int:pk>/": TREASURERS,
    "admin/trasparenza/contributi/history-results/<int:pk>/": TREASURERS,
    "admin/newsletter_lists/": "L--++-+",
    "admin/newsletter_lists/results/": "L--++-+",
    "admin/newsletter_lists/new/": SENDERS,
    "admin/newsletter_lists/edit/<int:pk>/": SENDERS,
    "admin/newsletter_lists/delete/<int:pk>/": SENDERS,
    "admin/newsletter_lists/history/<int:pk>/": SENDERS,
    "admin/newsletter_lists/history-results/<int:pk>/": SENDERS,
    "admin/newsletter_lists/usage/<int:pk>/": SENDERS,
    "admin/newsletter_subscribers/": PRIVACY,
    "admin/newsletter_subscribers/results/": PRIVACY,
    # Nobody adds subscribers by hand: only the public form and the documented import.
    "admin/newsletter_subscribers/new/": NOBODY,
    "admin/newsletter_subscribers/edit/<int:pk>/": PRIVACY,
    "admin/newsletter_subscribers/delete/<int:pk>/": PRIVACY,
    "admin/newsletter_subscribers/history/<int:pk>/": PRIVACY,
    "admin/newsletter_subscribers/history-results/<int:pk>/": PRIVACY,
    "admin/newsletter_subscribers/usage/<int:pk>/": PRIVACY,
    "admin/newsletter_subscribers/inspect/<int:pk>/": PRIVACY,
    "admin/newsletter_subscribers/export/": PRIVACY,
    "admin/newsletter_subscribers/import/": PRIVACY,
    "admin/newsletter_suppressions/": PRIVACY,
    "admin/newsletter_suppressions/results/": PRIVACY,
    "admin/newsletter_suppressions/new/": PRIVACY,
    "admin/newsletter_suppressions/edit/<int:pk>/": SUPERUSERS,
    "admin/newsletter_suppressions/delete/<int:pk>/": SUPERUSERS,
    "admin/newsletter_suppressions/history/<int:pk>/": PRIVACY,
    "admin/newsletter_suppressions/history-results/<int:pk>/": PRIVACY,
    "admin/newsletter_suppressions/usage/<int:pk>/": SUPERUSERS,
    "admin/newsletter_blackout/": "L-++--+",
    "admin/newsletter_blackout/results/": "L-++--+",
    "admin/newsletter_blackout/new/": "L-++--+",
    "admin/newsletter_blackout/edit/<int:pk>/": "L-++--+",
    "admin/newsletter_blackout/delete/<int:pk>/": "L-++--+",
    "admin/newsletter_blackout/history/<int:pk>/": "L-++--+",
    "admin/newsletter_blackout/history-results/<int:pk>/": "L-++--+",
    "admin/newsletter_blackout/usage/<int:pk>/": "L-++--+",
    "admin/locales/": SUPERUSERS,
    "admin/locales/results/": SUPERUSERS,
    "admin/locales/new/": SUPERUSERS,
    "admin/locales/edit/<int:pk>/": SUPERUSERS,
    "admin/locales/delete/<int:pk>/": SUPERUSERS,
    "admin/locales/history/<int:pk>/": SUPERUSERS,
    "admin/locales/history-results/<int:pk>/": SUPERUSERS,
    "admin/locales/usage/<int:pk>/": SUPERUSERS,
    "admin/locales/copy/<int:pk>/": SUPERUSERS,
    "admin/sites/": SUPERUSERS,
    "admin/sites/results/": SUPERUSERS,
    "admin/sites/new/": SUPERUSERS,
    "admin/sites/edit/<int:pk>/": SUPERUSERS,
    "admin/sites/delete/<int:pk>/": SUPERUSERS,
    "admin/sites/history/<int:pk>/": SUPERUSERS,
    "admin/sites/history-results/<int:pk>/": SUPERUSERS,
    "admin/sites/usage/<int:pk>/": SUPERUSERS,
    "admin/sites/copy/<int:pk>/": SUPERUSERS,
    "admin/users/": SUPERUSERS,
    "admin/users/results/": SUPERUSERS,
    "admin/users/new/": SUPERUSERS,
    "admin/users/edit/<int:pk>/": SUPERUSERS,
    "admin/users/delete/<int:pk>/": SUPERUSERS,
    "admin/users/history/<int:pk>/": SUPERUSERS,
    "admin/users/history-results/<int:pk>/": SUPERUSERS,
    "admin/users/usage/<int:pk>/": SUPERUSERS,
    "admin/users/copy/<int:pk>/": SUPERUSERS,
    "admin/groups/": SUPERUSERS,
    "admin/groups/results/": SUPERUSERS,
    "admin/groups/new/": SUPERUSERS,
    "admin/groups/edit/<int:pk>/": SUPERUSERS,
    "admin/groups/delete/<int:pk>/": SUPERUSERS,
    "admin/groups/history/<int:pk>/": SUPERUSERS,
    "admin/groups/history-results/<int:pk>/": SUPERUSERS,
    "admin/groups/usage/<int:pk>/": SUPERUSERS,
    "admin/documents/chooser/": ADMIN_USERS,
    "admin/documents/chooser/results/": ADMIN_USERS,
    "admin/documents/chooser/chosen/<str:pk>/": WRITERS,
    "admin/documents/chooser/chosen-multiple/": ADMIN_USERS,
    "admin/documents/chooser/create/": WRITERS,
    "admin/images/chooser/": ADMIN_USERS,
    "admin/images/chooser/results/": ADMIN_USERS,
    "admin/images/chooser/chosen/<str:pk>/": WRITERS,
    "admin/images/chooser/chosen-multiple/": ADMIN_USERS,
    "admin/images/chooser/create/": WRITERS,
    "admin/images/chooser/<int:image_id>/select_format/": WRITERS,
}
# fmt: on

POST_ONLY = {
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/",
    "admin/pages/<int:page_to_move_id>/set_position/",
    "admin/pages/<int:page_id>/lock/",
    "admin/pages/<int:page_id>/unlock/",
    "admin/workflows/enable/<int:pk>/",
    "admin/workflows/remove/<int:page_pk>/",
    "admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/",
    "admin/workflows/tasks/enable/<int:pk>/",
    "admin/logout/",
    "admin/newsletter/invii/<int:send_id>/pausa/",
    "admin/newsletter/invii/<int:send_id>/riprendi/",
    "admin/newsletter/invii/<int:send_id>/annulla/",
    "admin/newsletter/invii/<int:send_id>/in-dubbio/",
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/",
    "admin/editing-sessions/release/<int:session_id>/",
    "admin/localize/translate/<int:translation_id>/strings/<int:string_segment_id>/edit/",
    "admin/localize/translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/",
    "admin/localize/translate/<int:translation_id>/pofile/upload/",
    "admin/localize/translate/<int:translation_id>/machine_translate/",
    "admin/localize/translate/<int:translation_id>/disable/",
    "admin/redirects/import/process/",
    "admin/documents/multiple/<int:doc_id>/",
    "admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/",
    "admin/documents/multiple/<int:doc_id>/delete/",
    "admin/documents/multiple/delete_upload/<int:uploaded_file_id>/",
    "admin/images/multiple/<int:image_id>/",
    "admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/",
    "admin/images/multiple/<int:image_id>/delete/",
    "admin/images/multiple/delete_upload/<int:uploaded_file_id>/",
}
# Signing out ends the session: these are requested with a fresh session for each role.
SESSION_ENDING = {"admin/logout/"}


def classify(response):
    code = response.status_code
    if code in (301, 302, 303):
        if response.url.startswith("/admin/login/"):
            return "L"
        refused = any(m.level >= 40 for m in get_messages(response.wsgi_request))
        return "-" if refused else "R"
    if code == 403:
        return "-"
    if 200 <= code < 300:
        return "+"
    if code == 404:
        return "4"
    if code == 405:
        return "5"
    return f"[{code}]"


def expected_for(route, key):
    row = TABLE[route]
    return row[key] if isinstance(row, dict) else row


@pytest.fixture
def world(home_page):
    world = build_world(home_page)
    world.users = make_users()
    return world


def request_as(clients, role, method, url):
    client = clients[role]
    # Only this request's messages tell a refusal: drop those left by earlier requests.
    client.cookies.pop("messages", None)
    try:
        response = client.post(url, {}) if method == "POST" else client.get(url)
    except Exception:  # recorded as a cell of the matrix
        return "E"
    return classify(response)


def test_every_admin_url_is_in_the_table():
    routes = [route for route, _name in admin_patterns()]
    missing = sorted(set(routes) - set(TABLE))
    stale = sorted(set(TABLE) - set(routes))
    assert not missing, "admin URLs without a row in TABLE (decide who may use them):\n" + (
        "\n".join(missing)
    )
    assert not stale, "rows of TABLE for URLs that no longer exist:\n" + "\n".join(stale)


def signed_in_clients(world):
    clients = {}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=True)
        if world.users[role] is not None:
            clients[role].force_login(world.users[role])
    return clients


def test_every_role_gets_what_the_table_says(world):
    clients = signed_in_clients(world)
    mismatches = []
    routes = []
    for route, name in admin_patterns():
        if route not in {r for r, _n in routes}:  # an app's pattern before Wagtail's: one row
            routes.append((route, name))
    # Posts last: some of them (deletions) end objects the other addresses need.
    routes.sort(key=lambda item: item[0] in POST_ONLY)
    for route, name in routes:
        method = "POST" if route in POST_ONLY else "GET"
        for key, url in concrete_urls(route, name, world):
            expected = expected_for(route, key)
            if route in SESSION_ENDING:
                clients = signed_in_clients(world)
            observed = "".join(request_as(clients, role, method, url) for role in ROLES)
            if route in SESSION_ENDING:
                clients = signed_in_clients(world)
            if observed != expected:
                mismatches.append(f"{route!r} [{key}] {url}: expected {expected}, got {observed}")
                continue
            # A role refused on GET is refused on POST as well.
            if method == "GET":
                for role, code in zip(ROLES, expected, strict=True):
                    if code in "L-":
                        posted = request_as(clients, role, "POST", url)
                        if posted not in ("L", "-", "4", "5"):
                            mismatches.append(f"{route!r} {url}: {role} POST got {posted}")
    assert not mismatches, "\n".join(mismatches)


# --- Wagtail's page views for every page type of the project ----------------------------

PAGE_VIEWS = {
    "edit": WRITERS,
    "history": WRITERS,
    "view_draft": WRITERS,
    "revisions": "LRRRRRR",  # the old revisions list: Wagtail sends everyone to the history
    "delete": EDITORS,  # volunteers never delete
    "unpublish": EDITORS,
    "move": EDITORS,
    "copy": WRITERS,
}
# Deleting a page with subpages needs Wagtail's bulk_delete permission, which no group has:
# a whole section (the calendar, the archive, a process with its forms) is only deleted by a
# superuser. The Redazione may unpublish and move any page, the home page included.
WITH_SUBPAGES = SUPERUSERS


def page_view_url(page, view):
    return f"/admin/pages/{page.pk}/{view}/"


def test_page_views_of_every_page_type(world):
    clients = signed_in_clients(world)
    mismatches = []
    for label, page in world.pages.items():
        for view, expected in PAGE_VIEWS.items():
            if view == "delete" and page.get_children_count():
                expected = WITH_SUBPAGES
            url = page_view_url(page, view)
            observed = "".join(request_as(clients, role, "GET", url) for role in ROLES)
            if observed != expected:
                mismatches.append(f"{label} {view}: expected {expected}, got {observed}")
    assert not mismatches, "\n".join(mismatches)


def test_bulk_actions_refuse_what_the_user_may_not_do(world):
    """The confirmation page opens for everyone, but a bulk post by a role without the
    permission leaves every object as it was."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from program.models import Lens

    clients = signed_in_clients(world)
    for role in ("volunteer", "newsletter", "privacy", "treasurer"):
        client = clients[role]
        client.post(
            f"/admin/bulk/wagtailimages/image/delete/?id={world.image.pk}", {"confirm": "1"}
        )
        client.post(
            f"/admin/bulk/wagtaildocs/document/delete/?id={world.document.pk}", {"confirm": "1"}
        )
        client.post(f"/admin/bulk/program/lens/delete/?id={world.lens.pk}", {"confirm": "1"})
        client.post(f"/admin/bulk/wagtailcore/page/unpublish/?id={world.standard.pk}", {})
        client.post(f"/admin/bulk/wagtailcore/page/delete/?id={world.standard.pk}", {})
    assert get_image_model().objects.filter(pk=world.image.pk).exists()
    assert get_document_model().objects.filter(pk=world.document.pk).exists()
    assert Lens.objects.filter(pk=world.lens.pk).exists()
    world.standard.refresh_from_db()
    assert world.standard.live

    # The same post by the Redazione does act: the test above could fail.
    clients["editor"].post(f"/admin/bulk/program/lens/delete/?id={world.lens.pk}", {})
    assert not Lens.objects.filter(pk=world.lens.pk).exists()


def test_site_history_shows_subscriber_entries_to_the_privacy_group_only(world):
    """Wagtail's site history lists every admin user's log, filtered by what they may see:
    the privacy officer's actions on subscribers stay with the Privacy group."""
    from wagtail.log_actions import log

    log(world.subscriber, "newsletter.export", user=world.users["privacy"], data={"rows": 1})
    clients = signed_in_clients(world)
    label = "Esportazione degli iscritti"
    for role in ("volunteer", "editor", "newsletter", "treasurer"):
        page = clients[role].get("/admin/reports/site-history/")
        assert page.status_code == 200
        assert label not in page.text, role
    assert label in clients["privacy"].get("/admin/reports/site-history/").text
