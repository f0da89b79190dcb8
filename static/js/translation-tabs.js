/* The few jQuery UI "tabs" calls that django-modeltranslation's tabbed admin makes
   ($(el).tabs({active}) and .tabs("option", "active", n)), served from the portal
   itself instead of jQuery UI from a CDN. Uses the admin's own django.jQuery. */
(function ($) {
  "use strict";
  function show($container, index) {
    var $items = $container.children("ul").children("li");
    var $panels = $container.children("div");
    index = Math.max(0, Math.min(index || 0, $items.length - 1));
    $items.removeClass("ui-tabs-active ui-state-active").attr("aria-selected", "false");
    $items.eq(index).addClass("ui-tabs-active ui-state-active").attr("aria-selected", "true");
    $panels.addClass("ui-tabs-hide").attr("hidden", "hidden");
    $panels.eq(index).removeClass("ui-tabs-hide").removeAttr("hidden");
    $container.data("tabsActive", index);
  }
  // modeltranslation labels each tab with its language code ("ar"); staff read the
  // language's name, in their own language (the admin's catalogue, djangojs).
  var LANGUAGE_NAMES = {
    ar: function () { return gettext("Arabic"); },
    en: function () { return gettext("English"); }
  };
  function name($link) {
    var code = $.trim($link.text()).replace(/\s*\*$/, "");
    if (LANGUAGE_NAMES[code] && typeof gettext === "function") {
      $link.text(LANGUAGE_NAMES[code]()).attr("title", null);
    }
  }
  $.fn.tabs = function (options, option, value) {
    return this.each(function () {
      var $container = $(this);
      if (options === "option") {
        if (option === "active") { show($container, value); }
        return;
      }
      $container.addClass("ui-tabs ui-widget");
      $container.children("ul").addClass("ui-tabs-nav ui-helper-reset").attr("role", "tablist");
      $container.children("div").addClass("ui-tabs-panel").attr("role", "tabpanel");
      $container.children("ul").children("li").attr("role", "tab")
        .children("a").each(function () { name($(this)); }).on("click", function (event) {
          event.preventDefault();
          show($container, $(this).parent().index());
        });
      show($container, (options && options.active) || 0);
    });
  };
})(window.django && window.django.jQuery ? window.django.jQuery : window.jQuery);
