// The portal's rich-text editor: django-prose-editor (ProseMirror) on every rich-text
// textarea marked by RichTextEditorWidget (diplomacy/rich_text_editor.py).
//
// Its schema is the sanitizer's allow-list (diplomacy/richtext.py) and no more, so what
// staff write is what readers get. The textarea stays in the form: without JavaScript
// (or if this module fails) staff edit the HTML in it as before.
import {
  Blockquote,
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Extension,
  Gapcursor,
  HardBreak,
  Heading,
  History,
  Image,
  Italic,
  initializeEditors,
  Link,
  ListItem,
  Mark,
  Menu,
  OrderedList,
  Paragraph,
  Table,
  TableCell,
  TableHeader,
  TableRow,
  Text,
} from "django-prose-editor/editor"

const MARKER = "data-django-prose-editor-portal"
const translate = (text) => (window.gettext ? window.gettext(text) : text)
// Code points of the icons the menu uses, in django-prose-editor's Material Icons font.
const ICON_CODE_POINTS = {
  call_merge: 0xe0b3, call_split: 0xe0b6, code: 0xe86f, format_bold: 0xe238,
  format_italic: 0xe23f, format_list_bulleted: 0xe241, format_list_numbered: 0xe242,
  format_quote: 0xe244, format_strikethrough: 0xe246, format_underline: 0xe249,
  grid_on: 0xe3ec, horizontal_rule: 0xf108, image: 0xe3f4, insert_link: 0xe250,
  link_off: 0xe16f, notes: 0xe26c, question_mark: 0xeb8b, redo: 0xe15a, subscript: 0xf111,
  superscript: 0xf112, swap_horiz: 0xe8d4, title: 0xe264, tune: 0xe429, undo: 0xe166,
}
const translateLabel = (text) => {
  const heading = /^heading (\d)$/i.exec(text)
  return heading ? translate("Heading %s").replace("%s", heading[1]) : translate(text)
}

// <bdi>: a Latin name inside Arabic (or Arabic inside English) keeps its own direction.
const Isolate = Mark.create({
  name: "isolate",
  excludes: "",
  parseHTML() {
    return [{ tag: "bdi" }]
  },
  renderHTML() {
    return ["bdi", 0]
  },
  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "isolate",
      groups: "marks",
      command: (editor) => editor.chain().focus().toggleMark("isolate").run(),
      button: buttons.material("swap_horiz", "isolate direction"),
      active: (editor) => editor.isActive("isolate"),
    })
  },
})

// A paragraph or heading written in the other language keeps its dir and lang.
const BlockLanguage = Extension.create({
  name: "blockLanguage",
  addGlobalAttributes() {
    const kept = (name) => ({
      default: null,
      parseHTML: (element) => element.getAttribute(name),
      renderHTML: (attributes) => (attributes[name] ? { [name]: attributes[name] } : {}),
    })
    return [
      {
        types: ["paragraph", "heading", "blockquote", "listItem", "tableCell", "tableHeader"],
        attributes: { dir: kept("dir"), lang: kept("lang") },
      },
    ]
  },
})

// Images come from the publication's own uploads (the sanitizer drops any other source);
// the description is asked for in the field's language.
const PortalImage = Image.extend({
  addOptions() {
    return { ...this.parent?.(), choices: [], language: "" }
  },
  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "portalImage",
      groups: "nodes",
      command: (editor) => chooseImage(editor, this.options),
      button: buttons.material("image", "insert an image"),
    })
  },
})

function element(tag, properties = {}, children = []) {
  const node = document.createElement(tag)
  Object.assign(node, properties)
  node.append(...children)
  return node
}

function chooseImage(editor, { choices, language }) {
  const form = element("form", { method: "dialog", className: "rich-text-image-form" })
  const dialog = element("dialog", { className: "rich-text-image-dialog" }, [form])
  form.append(element("h3", { textContent: translate("Insert an image") }))
  if (!choices.length) {
    form.append(
      element("p", {
        textContent: translate(
          "No images yet: add one under “Images in the text” below and save the publication.",
        ),
      }),
    )
  }
  const list = element("div", { className: "rich-text-image-choices" })
  choices.forEach((choice, index) => {
    const radio = element("input", {
      type: "radio",
      name: "src",
      value: choice.src,
      checked: index === 0,
      required: true,
    })
    radio.dataset.alt = choice.alt || ""
    const preview = element("img", { src: choice.src, alt: "", loading: "lazy" })
    list.append(element("label", {}, [radio, preview, element("span", { textContent: choice.alt })]))
  })
  const alt = element("input", {
    type: "text",
    name: "alt",
    lang: language,
    dir: language === "ar" ? "rtl" : "ltr",
    value: choices[0]?.alt || "",
  })
  list.addEventListener("change", (event) => {
    alt.value = event.target.dataset.alt || ""
  })
  const insert = element("button", { type: "submit", value: "insert", textContent: translate("Insert") })
  insert.disabled = !choices.length
  form.append(
    list,
    element("label", { className: "rich-text-image-alt" }, [
      element("span", { textContent: translate("What the image shows, for people who cannot see it") }),
      alt,
    ]),
    element("div", { className: "rich-text-image-buttons" }, [
      insert,
      element("button", { type: "submit", value: "cancel", formNoValidate: true, textContent: translate("Cancel") }),
    ]),
  )
  dialog.addEventListener("close", () => {
    const chosen = form.querySelector("input[name=src]:checked")
    if (dialog.returnValue === "insert" && chosen) {
      editor.chain().focus().setImage({ src: chosen.value, alt: alt.value.trim() }).run()
    }
    dialog.remove()
  })
  editor.view.dom.closest(".prose-editor").append(dialog)
  dialog.showModal()
}

const EMPTY_DOCUMENT = /^<(\w+)(\s[^>]*)?><\/\1>$/i

// django-prose-editor's createTextareaEditor, without the <style> element Tiptap would
// inject (the strict Content-Security-Policy refuses it): its rules are in our CSS.
function textareaEditor(textarea, extensions) {
  const element = document.createElement("div")
  element.className = textarea.disabled ? "prose-editor disabled" : "prose-editor"
  textarea.before(element)
  element.append(textarea)
  return new Editor({
    element,
    extensions,
    content: textarea.value,
    editable: !textarea.disabled,
    injectCSS: false,
    onUpdate({ editor }) {
      const html = editor.getHTML()
      textarea.value = EMPTY_DOCUMENT.test(html) ? "" : html
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
    onDestroy() {
      element.before(textarea)
      element.remove()
    },
  })
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const config = JSON.parse(textarea.getAttribute(MARKER) || "{}")
  const editor = textareaEditor(textarea, [
    Document, Dropcursor, Gapcursor, Paragraph, HardBreak, Text, History, Menu,
    Bold, Italic, Heading.configure({ levels: [2, 3, 4] }),
    BulletList, OrderedList, ListItem, Blockquote,
    Link.configure({ enableTarget: false, protocols: ["mailto", "tel"] }),
    Table, TableRow, TableHeader, TableCell,
    PortalImage.configure({ choices: config.images || [], language: config.language || "" }),
    Isolate, BlockLanguage,
  ])
  // The text is written in the field's language, whatever the admin's language.
  for (const name of ["dir", "lang"]) {
    if (textarea.getAttribute(name)) editor.view.dom.setAttribute(name, textarea.getAttribute(name))
  }
  const wrapper = textarea.closest(".prose-editor")
  // The menu's own tooltips and labels are English words: say them in the admin's
  // language. Its icons are ligatures ("format_bold" typed in the icon font): show them
  // by their code points instead, so no English word is in the page.
  const speakTheAdminsLanguage = () => {
    for (const button of wrapper.querySelectorAll("[title]")) {
      const title = translateLabel(button.title)
      if (button.title !== title) button.title = title
      if (button.getAttribute("aria-label") !== title) button.setAttribute("aria-label", title)
    }
    for (const icon of wrapper.querySelectorAll(".material-icons")) {
      const codePoint = ICON_CODE_POINTS[icon.textContent.trim()]
      if (codePoint) icon.textContent = String.fromCodePoint(codePoint)
    }
    for (const label of wrapper.querySelectorAll(".prose-menubar *:not(.material-icons)")) {
      if (label.children.length || !label.textContent.trim()) continue
      const text = translateLabel(label.textContent.trim())
      if (label.textContent !== text) label.textContent = text
    }
  }
  speakTheAdminsLanguage()
  // The menu redraws itself as the selection moves; the text being written is left alone.
  const outsideTheText = (record) => !record.target.closest?.(".ProseMirror")
  new MutationObserver((records) => {
    if (records.some(outsideTheText)) speakTheAdminsLanguage()
  }).observe(wrapper, {
    childList: true,
    subtree: true,
  })
  textarea.dispatchEvent(
    new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }),
  )
  return editor
}

initializeEditors(createEditor, `[${MARKER}]`)
