"""Who may do what: newsroom roles as groups, scoped to sections.

Four site-wide groups give admin access and non-page rights:

- ``Newsroom: contributors`` write drafts and submit them for moderation;
- ``Newsroom: editors`` publish, manage authors and set the breaking-news banner;
- ``Newsroom: photo desk`` manage the photo library and its credits;
- ``Newsroom: administrators`` everything, site settings included.

Page rights are per section: every section gets ``<Section>: contributors``
(add and edit pages below it) and ``<Section>: editors`` (also publish, lock
and delete), plus a moderation workflow whose approvers are that section's
editors. A reporter on the Turkey desk joins ``Newsroom: contributors`` and
``Turkey: contributors``; they cannot touch Sport, nor publish anything.

Opt-in for a host: ``manage.py newsroom_roles`` makes the groups and every
section's groups and workflow (again and again: it adds only what is missing),
and ``NEWSROOM_SECTION_ROLES = True`` gives each new section its own as it is
created. The functions take the app registry so a data migration can use them.
"""

from . import conf

EDITORS = "Newsroom: editors"
# Editors set, change and clear the site's breaking-news banner.
BANNER_PERMISSIONS = (
    "newsroom_articles.add_breakingbanner",
    "newsroom_articles.change_breakingbanner",
    "newsroom_articles.delete_breakingbanner",
    "newsroom_articles.view_breakingbanner",
)
BASE_GROUPS = {
    "Newsroom: contributors": [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "newsroom_articles.view_author",
    ],
    "Newsroom: editors": [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "newsroom_articles.add_author",
        "newsroom_articles.change_author",
        "newsroom_articles.view_author",
        *BANNER_PERMISSIONS,
    ],
    "Newsroom: photo desk": [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
    ],
}
ADMINISTRATORS = "Newsroom: administrators"
IMAGE_PERMISSIONS = ("add_image", "change_image", "delete_image", "choose_image")
COLLECTION_GROUPS = {
    "Newsroom: contributors": ("add_image", "choose_image"),
    "Newsroom: editors": ("add_image", "change_image", "choose_image"),
    "Newsroom: photo desk": IMAGE_PERMISSIONS,
    ADMINISTRATORS: IMAGE_PERMISSIONS,
}
SECTION_ROLES = {
    "contributors": ("add_page", "change_page"),
    "editors": (
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ),
}
ALL_PAGE_PERMISSIONS = SECTION_ROLES["editors"]


def _permission(apps, dotted):
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _existing_permissions(apps, dotted_names):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for dotted in dotted_names:
        app_label, codename = dotted.split(".")
        found += Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return found


def _image_permission(apps, codename):
    Permission = apps.get_model("auth", "Permission")
    # Wagtail checks image rights against wagtailimages' permissions, whichever
    # image model the site uses.
    return Permission.objects.filter(content_type__app_label="wagtailimages", codename=codename)


def ensure_base_groups(apps):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for name, permissions in BASE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        # An older data migration runs before the models of later ones exist (the
        # banner's): their permissions are granted by the migration that adds them.
        group.permissions.add(*_existing_permissions(apps, permissions))
    admins, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    admins.permissions.add(*Permission.objects.all())
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename in ALL_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=admins,
                page=root_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for name, codenames in COLLECTION_GROUPS.items():
            group = Group.objects.get(name=name)
            for codename in codenames:
                for permission in _image_permission(apps, codename):
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )


def grant_banner_permissions(apps):
    """For a site whose groups were made before the banner existed."""
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.add(*(_permission(apps, dotted) for dotted in BANNER_PERMISSIONS))


def section_group_name(section, role):
    """'Turkey (news/turkey): editors': unique even when two sections share a title."""
    where = section.url_path.strip("/").partition("/")[2]
    return f"{section.title} ({where}): {role}"[:150]


def ensure_section_groups(apps, section):
    """Contributor and editor groups for ``section``, and its moderation workflow."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    groups = {}
    for role, codenames in SECTION_ROLES.items():
        group, _ = Group.objects.get_or_create(name=section_group_name(section, role))
        groups[role] = group
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page_id=section.pk,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    _ensure_workflow(apps, section, groups["editors"])
    return groups


def _ensure_workflow(apps, section, editors):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if WorkflowPage.objects.filter(page_id=section.pk).exists():
        return
    task_type = ContentType.objects.get_for_model(GroupApprovalTask)
    task = GroupApprovalTask.objects.create(
        name=f"{section.title} editors approve"[:255], content_type=task_type
    )
    task.groups.add(editors)
    workflow = Workflow.objects.create(name=f"{section.title} moderation"[:255])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page_id=section.pk)


def ensure_all(apps):
    """The site-wide groups, then every section's groups and workflow."""
    ensure_base_groups(apps)
    for section in apps.get_model("newsroom_articles", "SectionPage").objects.all():
        ensure_section_groups(apps, section)


def section_created(sender, instance, created, raw=False, **kwargs):
    """``post_save`` of a section, connected when ``NEWSROOM_SECTION_ROLES`` is on."""
    from django.apps import apps

    if created and not raw and conf.get("NEWSROOM_SECTION_ROLES"):
        ensure_section_groups(apps, instance)
