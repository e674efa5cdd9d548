// Hovering a quote in the side list, or any part of it in the text, outlines all its parts.
document.querySelectorAll("[data-quote]").forEach((item) => {
  const parts = document.querySelectorAll(`#article-text [data-quotes~="${item.dataset.quote}"]`);
  item.addEventListener("mouseenter", () => parts.forEach((part) => part.classList.add("focus")));
  item.addEventListener("mouseleave", () => parts.forEach((part) => part.classList.remove("focus")));
});
