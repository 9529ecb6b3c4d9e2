"use strict";(self.rspackChunktaller_cejum=self.rspackChunktaller_cejum||[]).push([[700],{646(e,t,o){var n=o(601),a=o.n(n),r=o(314),l=(o.n(r))()(a());l.push([e.id,`/* taller-cejum: sin c\xf3digo a la vista.
 *
 * Copia de quien participa (el panel lleva .taller-sin-codigo): ni el c\xf3digo, ni su
 * marcador plegado, ni los n\xfameros de ejecuci\xf3n \xab[n]:\xbb, ni la barra azul de la celda
 * activa. Las celdas de c\xf3digo sin salida no ocupan lugar.
 * Diapositivas (jupyterlab-slideshow pone .jp-Deck en el panel): lo mismo, en cualquier
 * cuaderno, tambi\xe9n en la copia de quien facilita.
 */
.jp-NotebookPanel.taller-sin-codigo .jp-CodeCell .jp-Cell-inputWrapper,
.jp-NotebookPanel.jp-Deck .jp-CodeCell .jp-Cell-inputWrapper,
.jp-NotebookPanel.taller-sin-codigo .jp-CodeCell.jp-mod-noOutputs,
.jp-NotebookPanel.jp-Deck .jp-CodeCell.jp-mod-noOutputs,
.jp-NotebookPanel.taller-sin-codigo .jp-OutputArea-prompt,
.jp-NotebookPanel.jp-Deck .jp-OutputArea-prompt,
.jp-NotebookPanel.taller-sin-codigo .jp-InputPrompt,
.jp-NotebookPanel.jp-Deck .jp-InputPrompt,
.jp-NotebookPanel.taller-sin-codigo .jp-Collapser,
.jp-NotebookPanel.taller-sin-codigo .jp-cell-toolbar,
.jp-NotebookPanel.taller-sin-codigo .jp-CodeCell .jp-InputPlaceholder,
.jp-NotebookPanel.taller-sin-codigo .jp-OutputPlaceholder {
  display: none !important;
}

/* Sin la columna de los n\xfameros, el texto y los ejercicios usan todo el ancho. */
.jp-NotebookPanel.taller-sin-codigo .jp-OutputArea-output,
.jp-NotebookPanel.taller-sin-codigo .jp-RenderedHTMLCommon {
  padding-left: 0;
}

/* La regi\xf3n que anuncia la retroalimentaci\xf3n (accesibilidad.ts): solo para lectores de
 * pantalla. */
.taller-anuncio {
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
  border: 0;
}
`,""]),o.d(t,{},{A:l})},314(e){e.exports=function(e){var t=[];return t.toString=function(){return this.map(function(t){var o="",n=void 0!==t[5];return t[4]&&(o+="@supports (".concat(t[4],") {")),t[2]&&(o+="@media ".concat(t[2]," {")),n&&(o+="@layer".concat(t[5].length>0?" ".concat(t[5]):""," {")),o+=e(t),n&&(o+="}"),t[2]&&(o+="}"),t[4]&&(o+="}"),o}).join("")},t.i=function(e,o,n,a,r){"string"==typeof e&&(e=[[null,e,void 0]]);var l={};if(n)for(var i=0;i<this.length;i++){var p=this[i][0];null!=p&&(l[p]=!0)}for(var c=0;c<e.length;c++){var s=[].concat(e[c]);n&&l[s[0]]||(void 0!==r&&(void 0===s[5]||(s[1]="@layer".concat(s[5].length>0?" ".concat(s[5]):""," {").concat(s[1],"}")),s[5]=r),o&&(s[2]&&(s[1]="@media ".concat(s[2]," {").concat(s[1],"}")),s[2]=o),a&&(s[4]?(s[1]="@supports (".concat(s[4],") {").concat(s[1],"}"),s[4]=a):s[4]="".concat(a)),t.push(s))}},t}},601(e){e.exports=function(e){return e[1]}},72(e){var t=[];function o(e){for(var o=-1,n=0;n<t.length;n++)if(t[n].identifier===e){o=n;break}return o}function n(e,n){for(var a={},r=[],l=0;l<e.length;l++){var i=e[l],p=n.base?i[0]+n.base:i[0],c=a[p]||0,s="".concat(p," ").concat(c);a[p]=c+1;var u=o(s),d={css:i[1],media:i[2],sourceMap:i[3],supports:i[4],layer:i[5]};if(-1!==u)t[u].references++,t[u].updater(d);else{var f=function(e,t){var o=t.domAPI(t);return o.update(e),function(t){t?(t.css!==e.css||t.media!==e.media||t.sourceMap!==e.sourceMap||t.supports!==e.supports||t.layer!==e.layer)&&o.update(e=t):o.remove()}}(d,n);n.byIndex=l,t.splice(l,0,{identifier:s,updater:f,references:1})}r.push(s)}return r}e.exports=function(e,a){var r=n(e=e||[],a=a||{});return function(e){e=e||[];for(var l=0;l<r.length;l++){var i=o(r[l]);t[i].references--}for(var p=n(e,a),c=0;c<r.length;c++){var s=o(r[c]);0===t[s].references&&(t[s].updater(),t.splice(s,1))}r=p}}},659(e){var t={};e.exports=function(e,o){var n=function(e){if(void 0===t[e]){var o=document.querySelector(e);if(window.HTMLIFrameElement&&o instanceof window.HTMLIFrameElement)try{o=o.contentDocument.head}catch(e){o=null}t[e]=o}return t[e]}(e);if(!n)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");n.appendChild(o)}},540(e){e.exports=function(e){var t=document.createElement("style");return e.setAttributes(t,e.attributes),e.insert(t,e.options),t}},56(e,t,o){e.exports=function(e){var t=o.nc;t&&e.setAttribute("nonce",t)}},206(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var t=e.insertStyleElement(e);return{update:function(o){var n,a,r;n="",o.supports&&(n+="@supports (".concat(o.supports,") {")),o.media&&(n+="@media ".concat(o.media," {")),(a=void 0!==o.layer)&&(n+="@layer".concat(o.layer.length>0?" ".concat(o.layer):""," {")),n+=o.css,a&&(n+="}"),o.media&&(n+="}"),o.supports&&(n+="}"),(r=o.sourceMap)&&"u">typeof btoa&&(n+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(r))))," */")),e.styleTagTransform(n,t,e.options)},remove:function(){var e;null===(e=t).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,t){if(t.styleSheet)t.styleSheet.cssText=e;else{for(;t.firstChild;)t.removeChild(t.firstChild);t.appendChild(document.createTextNode(e))}}},959(e,t,o){var n=o(72),a=o.n(n),r=o(206),l=o.n(r),i=o(659),p=o.n(i),c=o(56),s=o.n(c),u=o(540),d=o.n(u),f=o(113),m=o.n(f),v=o(646),j={};j.styleTagTransform=m(),j.setAttributes=s(),j.insert=p().bind(null,"head"),j.domAPI=l(),j.insertStyleElement=d(),a()(v.A,j),v.A&&v.A.locals&&v.A.locals}}]);