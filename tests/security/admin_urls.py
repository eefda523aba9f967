"""Every URL pattern of the admin, read from the URL resolver, and a concrete address for each.

The permission matrix (``test_permission_matrix.py``) requests every admin address as every
role; a pattern the project (or an upgrade of Wagtail or of a library) adds shows up here and
fails the matrix until someone decides who may use it.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

ADMIN_PREFIX = "admin/"


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            full_name = f"{namespace}:{name}" if namespace and name else name
            yield prefix + str(pattern.pattern), full_name


def admin_patterns():
    """``(route, url name)`` of every admin URL pattern, in resolver order."""
    return [
        (route, name)
        for route, name in walk(get_resolver().url_patterns)
        if route.startswith((ADMIN_PREFIX, "^" + ADMIN_PREFIX))
    ]


CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def fill(route, values):
    """The route with each ``<converter:name>`` replaced by ``values[name]``."""

    def replace(match):
        name = match.group("name")
        if name not in values:
            raise KeyError(f"no value for <{name}> in {route}")
        return str(values[name])

    return "/" + CONVERTER.sub(replace, route)


def object_for_namespace(world):
    """The object whose primary key fills ``<pk>`` in each viewset's URLs."""
    return {
        "wagtailsnippets_program_lens": world.lens,
        "wagtailsnippets_program_neighbourhood": world.neighbourhood,
        "wagtailsnippets_events_venue": world.venue,
        "wagtailsnippets_events_eventcategory": world.category,
        "wagtailsnippetchoosers_program_lens": world.lens,
        "wagtailsnippetchoosers_program_neighbourhood": world.neighbourhood,
        "wagtailsnippetchoosers_events_venue": world.venue,
        "wagtailsnippetchoosers_events_eventcategory": world.category,
        "wagtailsnippets_home_sitetexts": world.site_texts,
        "wagtailsnippetchoosers_home_sitetexts": world.site_texts,
        "wagtailsnippets_program_organisation": world.organisation,
        "wagtailsnippetchoosers_program_organisation": world.organisation,
        "transparency_donors": world.donor,
        "transparency_contributions": world.register_entry,
        "newsletter_lists": world.mailing_list,
        "newsletter_subscribers": world.subscriber,
        "newsletter_suppressions": world.suppression,
        "newsletter_blackout": world.blackout,
        "wagtaillocales": world.locale,
        "wagtailsites": world.site,
        "wagtailusers_users": world.users["volunteer"],
        "wagtailusers_groups": world.group,
        "wagtailadmin_collections": world.collection,
        "wagtailadmin_workflows": world.workflow,
        "wagtailadmin_api:pages": world.standard,
        "wagtailadmin_api:documents": world.document,
        "wagtailadmin_api:images": world.image,
        "wagtailimages_chooser": world.image,
        "wagtaildocs_chooser": world.document,
    }


def concrete_urls(route, name, world):
    """``(key, address)`` pairs to request for one pattern: usually one (key ``""``), one per
    model for generic patterns (key: the model's label, or the action)."""
    urls = _concrete_urls(route, name, world)
    return [item if isinstance(item, tuple) else ("", item) for item in urls]


def _concrete_urls(route, name, world):
    namespace = name.rpartition(":")[0]
    owner = object_for_namespace(world).get(namespace)
    standard = world.standard
    values = {
        "page_id": standard.pk,
        "parent_page_id": world.home.pk,
        "page_to_move_id": standard.pk,
        "destination_id": world.home.pk,
        "revision_id": world.revision.pk,
        "page_view_restriction_id": 1,
        "task_state_id": 1,
        "task_id": world.task.pk,
        "workflow_state_id": 1,
        "workflow_pk": world.workflow.pk,
        "page_pk": standard.pk,
        "image_id": world.image.pk,
        "document_id": world.document.pk,
        "doc_id": world.document.pk,
        "uploaded_file_id": 1,
        "collection_id": world.collection.pk,
        "redirect_id": world.redirect.pk,
        "query_id": world.query.pk,
        "send_id": world.send.pk,
        "session_id": 1,
        "translation_id": 1,
        "translation_source_id": 1,
        "string_segment_id": 1,
        "overridable_segment_id": 1,
        "filter_spec": "max-100x100",
        "mode": "",
        "uidb64": "MQ",
        "token": "set-password",
        "pk": getattr(owner, "pk", 1),
        "action_name": "copy" if "api/" in route else "approve",
    }
    if "revisions/compare/" in route or ".*" in route:
        return [regex_url(route, world)]
    route = route.replace("^", "").replace("$", "")
    if "tag-autocomplete/<slug:app_name>/<slug:model_name>/" in route:
        return [fill(route, {"app_name": "wagtailimages", "model_name": "image"}) + "?term=a"]
    if "<slug:app_name>/<slug:model_name>" in route:  # site settings: one per setting model
        urls = []
        for label in ("home.sitesettings", "newsletter.newslettersettings"):
            app_name, model_name = label.split(".")
            pk_values = {**values, "app_name": app_name, "model_name": model_name}
            pk_values["pk"] = world.site.pk
            urls.append((label, fill(route, pk_values)))
        return urls
    if "<slug:content_type_app_name>/<slug:content_type_model_name>" in route:
        # Page creation, one per page type, under a parent that accepts it (the usage report
        # of a type is the same view for every type: one of them).
        urls = []
        for label, page in world.pages.items():
            if "/usage/" in route and label != "home.StandardPage":
                continue
            app_label, model_name = label.lower().split(".")
            parent = page.get_parent()
            urls.append(
                (
                    label.lower(),
                    fill(
                        route,
                        {
                            **values,
                            "content_type_app_name": app_label,
                            "content_type_model_name": model_name,
                            "parent_page_id": parent.pk,
                        },
                    ),
                )
            )
        return urls
    if route.endswith("pages/create/<slug:app_label>/<slug:model_name>"):
        return [
            (
                label,
                fill(route, {"app_label": label.split(".")[0], "model_name": label.split(".")[1]}),
            )
            for label in ("home.standardpage", "events.eventpage", "program.contributionformpage")
        ]
    if "bulk/<str:app_label>/<str:model_name>/<str:action>/" in route:
        targets = [
            ("wagtailcore.page", "publish", standard.pk),
            ("wagtailimages.image", "delete", world.image.pk),
            ("wagtaildocs.document", "delete", world.document.pk),
            ("program.lens", "delete", world.lens.pk),
            ("auth.user", "delete", world.users["volunteer"].pk),
        ]
        return [
            (
                f"{label} {action}",
                fill(
                    route,
                    {
                        "app_label": label.split(".")[0],
                        "model_name": label.split(".")[1],
                        "action": action,
                    },
                )
                + f"?id={pk}",
            )
            for label, action, pk in targets
        ]
    if "editing-sessions/ping/" in route:
        content_type = ContentType.objects.get_for_model(type(world.lens))
        return [
            fill(
                route,
                {
                    "app_label": content_type.app_label,
                    "model_name": content_type.model,
                    "object_id": world.lens.pk,
                    "session_id": 1,
                },
            )
        ]
    if "localize/submit/snippet/" in route or "localize/api/snippets/" in route:
        return [
            fill(route, {**values, "app_label": "program", "model_name": "lens", "pk": lens_pk})
            for lens_pk in [world.lens.pk]
        ]
    if "workflows/tasks/add/" in route:
        return [fill(route, {"app_label": "wagtailcore", "model_name": "groupapprovaltask"})]
    if route.startswith("admin/forms/submissions/<int:page_id>/"):
        return [fill(route, {**values, "page_id": world.contribution.pk})]
    if "events/<int:page_id>/iscritti" in route:
        return [fill(route, {**values, "page_id": world.event.pk})]
    if route.startswith("admin/newsletter/<int:page_id>/"):
        return [fill(route, {**values, "page_id": world.newsletter.pk})]
    if "<str:pk>" in route and "chosen" in route:
        return [fill(route, values)]
    return [fill(route, values)]


def regex_url(route, world):
    """Concrete addresses for the few regular-expression patterns."""
    if "revisions/compare/" in route:
        return f"/admin/pages/{world.standard.pk}/revisions/compare/earliest...latest/"
    if route == "admin/^.*/$":
        return "/admin/nessuna-pagina/"
    raise KeyError(route)
